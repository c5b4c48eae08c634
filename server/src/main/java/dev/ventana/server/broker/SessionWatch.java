package dev.ventana.server.broker;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps session states true without anyone looking: a guest that dies is marked within seconds. */
@Component
class SessionWatch {
    private final SessionBroker broker;

    SessionWatch(SessionBroker broker) {
        this.broker = broker;
    }

    @Scheduled(fixedDelayString = "${ventana.sessions.watch-interval:2s}", initialDelayString = "5s")
    void check() {
        broker.refreshAll();
    }
}
