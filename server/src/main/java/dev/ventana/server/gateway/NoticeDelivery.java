package dev.ventana.server.gateway;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.notices.Notice;
import dev.ventana.server.notices.NoticeKind;
import dev.ventana.server.notices.SessionNotices;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.UUID;

/**
 * Brings notices to the viewers connected to this server: those showing when a viewer connects,
 * and every change after, found once a second with one query (so also while the screen is
 * still, and whichever server posted it). A lost session's viewers are closed after its notice:
 * their reconnect then hears from the ticket endpoint what happened. While no viewer is connected
 * to this server there is nobody to tell, and the database is not asked: the next viewer's
 * greeting starts from the newest change again, as the server's first viewer does.
 */
@Component
class NoticeDelivery {
    private final SessionNotices notices;
    private final ConnectedViewers viewers;
    private final NoticeMessages messages;
    private final Clock clock;
    private long seen = -1;

    NoticeDelivery(SessionNotices notices, ConnectedViewers viewers, JsonMapper json, Clock clock) {
        this.notices = notices;
        this.viewers = viewers;
        this.messages = new NoticeMessages(json);
        this.clock = clock;
    }

    /**
     * What a viewer that just connected must see, before anything else. Under the same lock as
     * {@link #deliver}: a change is then either in what this reads or sent after it, never
     * overtaken by it (a clear followed by the stale notice).
     */
    synchronized void greet(UUID session, Relay relay) {
        if (seen < 0) {
            seen = notices.latest(); // what came before is in what showing() reads now
        }
        for (Notice notice : notices.showing(session)) {
            relay.toBrowser(messages.encode(notice, clock.instant()));
        }
    }

    NoticeMessages messages() {
        return messages;
    }

    @Scheduled(fixedDelayString = "${ventana.notices.poll-interval:1s}")
    synchronized void deliver() {
        if (!viewers.any()) {
            seen = -1;
            return;
        }
        if (seen < 0) {
            seen = notices.latest(); // older changes were greeted to whoever connected since
            return;
        }
        for (Notice notice : notices.after(seen)) {
            seen = notice.seq();
            for (Relay relay : viewers.of(notice.session())) {
                relay.toBrowser(messages.encode(notice, clock.instant()));
                if (notice.kind() == NoticeKind.SESSION_LOST && !notice.cleared()) {
                    relay.close(ErrorKind.UPSTREAM_FAILED);
                }
            }
        }
    }
}
