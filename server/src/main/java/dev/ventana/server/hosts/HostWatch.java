package dev.ventana.server.hosts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;

/**
 * Declares hosts that stopped sending heartbeats DOWN, and their sessions LOST. Marking the host
 * and its sessions is one transaction, which a heartbeat of the same host waits for: a host back
 * at that moment is told to fence the guests just declared lost.
 */
@Component
class HostWatch {
    private static final Logger log = LoggerFactory.getLogger(HostWatch.class);
    private final HostDirectory hosts;
    private final GuestLedger ledger;
    private final ApplicationEventPublisher events;
    private final Duration downAfter;
    /** Before the server has listened this long, a silent host may only have been waiting for it (a server restart). */
    private final Instant listeningSince = Instant.now();

    HostWatch(HostDirectory hosts, GuestLedger ledger, ApplicationEventPublisher events,
              @Value("${ventana.hosts.down-after:15s}") Duration downAfter) {
        this.hosts = hosts;
        this.ledger = ledger;
        this.events = events;
        this.downAfter = downAfter;
    }

    @Scheduled(fixedDelayString = "${ventana.hosts.watch-interval:1s}", initialDelayString = "1s")
    @Transactional
    public void check() {
        for (Host host : hosts.markDown(downAfter, listeningSince)) {
            log.warn("Session host {} sent no heartbeat for {} s: DOWN, its sessions are lost", host.name(),
                    downAfter.toSeconds());
            ledger.hostDown(host);
            events.publishEvent(new HostEvents.HostDown(host.name()));
        }
    }
}
