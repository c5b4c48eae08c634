package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.notices.Notice;
import dev.ventana.server.notices.NoticeKind;
import dev.ventana.server.notices.SessionNotices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.UUID;

/** An administrator's message to a session's user, shown in their viewer until they dismiss it. */
@Service
public class SessionMessages {
    static final int MAX_LENGTH = 1000;
    private final SessionStore sessions;
    private final SessionNotices notices;
    private final ApplicationEventPublisher events;

    SessionMessages(SessionStore sessions, SessionNotices notices, ApplicationEventPublisher events) {
        this.sessions = sessions;
        this.notices = notices;
        this.events = events;
    }

    @Transactional
    public void send(String actor, UUID sessionId, String text) {
        if (text == null || text.isBlank() || text.strip().length() > MAX_LENGTH) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A message is 1 to " + MAX_LENGTH + " characters of text:"
                    + " send {\"text\":\"...\"}.");
        }
        DesktopSession session = sessions.find(sessionId)
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "No session " + sessionId + "."));
        if (!session.state().live()) {
            throw new VentanaException(ErrorKind.CONFLICT, "That session has ended (" + session.state()
                    + "); nobody would read the message.");
        }
        notices.post(sessionId, "admin-message", NoticeKind.ADMIN_MESSAGE, Notice.Level.info, text.strip(), null,
                List.of("DISMISS"));
        events.publishEvent(new BrokerEvents.MessageSent(actor, sessionId, text.strip()));
    }
}
