package dev.ventana.server.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.UUID;

/** Logs off the sessions whose roll-out grace ended (PoolVersions.rollout); one indexed query when none is due. */
@Component
class Rollouts {
    private static final Logger log = LoggerFactory.getLogger(Rollouts.class);
    static final String REASON = "The administrator rolled out a new version of this desktop.";
    private final JdbcClient jdbc;
    private final SessionStore sessions;
    private final SessionBroker broker;

    Rollouts(JdbcClient jdbc, SessionStore sessions, SessionBroker broker) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.broker = broker;
    }

    @Scheduled(fixedDelayString = "${ventana.sessions.policy-interval:2s}", initialDelayString = "2s")
    void enforce() {
        for (UUID id : jdbc.sql("SELECT s.id FROM sessions s WHERE s.logoff_at <= now() AND" + SessionStore.LIVE)
                .query(UUID.class).list()) {
            sessions.find(id).ifPresent(session -> {
                log.info("Session {} of {}: logging off for a roll-out", id, session.username());
                broker.logOff(session, "rollout", REASON);
            });
        }
    }
}
