package dev.ventana.server.gateway;

import dev.ventana.server.notices.Notice;
import dev.ventana.server.notices.NoticeKind;
import dev.ventana.server.notices.SessionNotices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The shadows this server relays, per session: while at least one watches, the session's viewers
 * show the {@code WATCHED} notice, and every shadow's start and end goes to the audit trail.
 *
 * <p>The count is this server's own. With several servers each posts the notice when its first
 * shadow of a session comes and clears it when its last goes, so two administrators watching one
 * session through two different servers can clear it early: the second one's watching is then not
 * shown until it reconnects. A server that dies while a shadow watches leaves the notice up until
 * the session ends or another shadow of it comes and goes. One server (the all-in-one farm) has
 * neither gap.
 */
@Component
class Shadows {
    static final String NOTICE_ID = "watched";
    static final String NOTICE_TEXT = "An administrator is watching this session.";
    private static final Logger log = LoggerFactory.getLogger(Shadows.class);

    private final SessionNotices notices;
    private final ApplicationEventPublisher events;
    // Guarded by this, which is also held while the notice is posted or cleared: they happen in the order counted.
    private final Map<UUID, Integer> watching = new HashMap<>();

    Shadows(SessionNotices notices, ApplicationEventPublisher events) {
        this.notices = notices;
        this.events = events;
    }

    void started(UUID session, String admin) {
        int now;
        synchronized (this) {
            now = watching.merge(session, 1, Integer::sum);
            if (now == 1) {
                notices.post(session, NOTICE_ID, NoticeKind.WATCHED, Notice.Level.info, NOTICE_TEXT, null, List.of());
            }
        }
        log.info("{} is watching session {} ({} shadow(s) on this server)", admin, session, now);
        events.publishEvent(new GatewayEvents.ShadowStarted(admin, session));
    }

    void ended(UUID session, String admin) {
        synchronized (this) {
            if (watching.computeIfPresent(session, (s, n) -> n == 1 ? null : n - 1) == null) {
                notices.clear(session, NOTICE_ID);
            }
        }
        log.info("{} stopped watching session {}", admin, session);
        events.publishEvent(new GatewayEvents.ShadowEnded(admin, session));
    }
}
