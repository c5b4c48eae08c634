package dev.ventana.server.broker;

import dev.ventana.server.hosts.GuestLedger;
import dev.ventana.server.hosts.Heartbeat;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.notices.Notice;
import dev.ventana.server.notices.NoticeKind;
import dev.ventana.server.notices.SessionNotices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The sessions' side of the hosts' heartbeats: guest states become session states, viewers and
 * input feed the session policies, and guests whose session is over are to be fenced.
 */
@Component
class HostGuests implements GuestLedger {
    /**
     * A guest no session names yet may be one whose start has not been recorded; a session whose
     * guest the host does not list may have been placed after the host built its heartbeat. Both
     * are judged only once they are this old.
     */
    static final Duration SETTLING = Duration.ofSeconds(30);
    private final SessionStore sessions;
    private final SessionBroker broker;
    private final ApplicationEventPublisher events;
    private final SessionNotices notices;
    private final Clock clock;
    private final SessionStarts starts;

    HostGuests(SessionStore sessions, SessionBroker broker, ApplicationEventPublisher events, SessionNotices notices,
               Clock clock, SessionStarts starts) {
        this.starts = starts;
        this.sessions = sessions;
        this.notices = notices;
        this.broker = broker;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<String> reconcile(Host host, List<Heartbeat.Guest> guests) {
        Instant settled = clock.instant().minus(SETTLING);
        String[] ids = guests.stream().map(Heartbeat.Guest::id).toArray(String[]::new);
        Map<String, DesktopSession> byGuest = sessions.onHost(host.id(), ids).stream()
                .filter(s -> s.guestId() != null)
                .collect(Collectors.toMap(DesktopSession::guestId, Function.identity(), (a, b) -> a.state().live() ? a : b));
        List<String> fence = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (Heartbeat.Guest guest : guests) {
            reported.add(guest.id());
            DesktopSession session = byGuest.get(guest.id());
            if (session == null) {
                if (!guest.ended() && guest.createdAt() != null && guest.createdAt().isBefore(settled)) {
                    fence.add(guest.id()); // no session of any server ran it: nobody can use it or end it
                }
            } else if (!session.state().live()) {
                if (!guest.ended()) {
                    fence.add(guest.id());
                }
            } else if (guest.ended()) {
                boolean failed = "FAILED".equals(guest.state());
                broker.end(session, failed ? SessionState.FAILED : SessionState.STOPPED, failed ? failed(guest.reason())
                        : guest.reason() == null ? "The desktop's machine stopped." : guest.reason());
                starts.changed(session.id());
            } else if ("RUNNING".equals(guest.state()) && session.state() == SessionState.STARTING) {
                sessions.running(session.id());
                starts.changed(session.id());
            }
        }
        for (DesktopSession session : byGuest.values()) {
            if (session.state().live() && !reported.contains(session.guestId()) && session.createdAt().isBefore(settled)) {
                broker.end(session, SessionState.FAILED, "The desktop's machine vanished from host " + host.name() + ".");
            }
        }
        sessions.activity(host.id(), ids,
                guests.stream().map(Heartbeat.Guest::viewers).toArray(Integer[]::new),
                guests.stream().map(g -> g.lastInputAt() == null ? null : g.lastInputAt().toString()).toArray(String[]::new));
        sessions.memoryUsed(host.id(), ids, guests.stream().map(Heartbeat.Guest::memoryUsedMiB).toArray(Integer[]::new));
        return fence;
    }

    /** The user reads it in the portal and the viewer: what happened, with the host's words for an admin. */
    private static String failed(String hostsReason) {
        return "The desktop's machine stopped unexpectedly" + (hostsReason == null ? "" : " (" + hostsReason + ")") + ".";
    }

    @Override
    public void hostDown(Host host) {
        String reason = "The session host " + host.name() + " stopped responding, so this session is lost.";
        for (DesktopSession session : sessions.lose(host.id(), reason)) {
            notices.post(session.id(), "lost", NoticeKind.SESSION_LOST, Notice.Level.error,
                    reason + " Open the desktop again to start a new one; your files are kept.", null, List.of());
            events.publishEvent(new BrokerEvents.SessionEnded("system", session.id(), SessionState.LOST.name(), reason));
        }
    }
}
