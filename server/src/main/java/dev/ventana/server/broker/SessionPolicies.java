package dev.ventana.server.broker;

import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.notices.Notice;
import dev.ventana.server.notices.NoticeKind;
import dev.ventana.server.notices.SessionNotices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Enforces the pools' session policies every few seconds (PolicyStep decides), with the
 * viewers' presence and input as the hosts' heartbeats report them. One query finds the sessions
 * with something due, so an idle farm costs one cheap query. Each step goes to the audit trail.
 * Also fails sessions left PLACING by a server that died while it placed them.
 */
@Component
class SessionPolicies {
    private static final Logger log = LoggerFactory.getLogger(SessionPolicies.class);
    private static final Duration PLACING_LIMIT = Duration.ofMinutes(2);
    private final JdbcClient jdbc;
    private final SessionStore sessions;
    private final SessionBroker broker;
    private final SessionNotices notices;
    private final ApplicationEventPublisher events;
    private final Duration warning;

    SessionPolicies(JdbcClient jdbc, SessionStore sessions, SessionBroker broker, SessionNotices notices,
                    ApplicationEventPublisher events, @Value("${ventana.sessions.warning-before:60s}") Duration warning) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.broker = broker;
        this.notices = notices;
        this.events = events;
        this.warning = warning;
    }

    private record Due(UUID id, SessionPolicy policy, PolicyStep.Facts facts) {
    }

    @Scheduled(fixedDelayString = "${ventana.sessions.policy-interval:2s}", initialDelayString = "2s")
    void enforce() {
        for (Due due : due()) {
            try {
                apply(due, PolicyStep.decide(due.policy(), due.facts(), warning));
            } catch (VentanaException e) {
                log.warn("Session {}: a policy step failed, retrying: {}", due.id(), e.getMessage());
            }
        }
        for (DesktopSession stuck : sessions.placingSince(Instant.now().minus(PLACING_LIMIT))) {
            broker.end(stuck, SessionState.FAILED, "The server placing this session stopped before the host answered.");
        }
    }

    private void apply(Due due, PolicyStep step) {
        switch (step) {
            case PolicyStep.Nothing n -> {
            }
            case PolicyStep.LogOff off -> {
                DesktopSession session = sessions.find(due.id()).orElseThrow();
                log.info("Session {} of {}: logging off, {}", session.id(), session.username(), off.reason());
                events.publishEvent(new BrokerEvents.PolicyApplied(session.id(), off.audit(), off.reason()));
                broker.logOff(session, "policy", off.reason());
            }
            case PolicyStep.Warn warn -> {
                NoticeKind kind = PolicyStep.IDLE.equals(warn.notice()) ? NoticeKind.IDLE_WARNING : NoticeKind.MAX_LENGTH_WARNING;
                notices.post(due.id(), warn.notice(), kind, Notice.Level.warning, warn.text(), warn.deadline(), List.of());
                events.publishEvent(new BrokerEvents.PolicyApplied(due.id(), warn.audit(), warn.text()));
            }
            case PolicyStep.Cancel cancel -> {
                if (notices.clear(due.id(), cancel.notice())) {
                    events.publishEvent(new BrokerEvents.PolicyApplied(due.id(), cancel.audit(), "input resumed"));
                }
            }
        }
    }

    /** Running sessions with a timer near or past its end, or a warning showing (read once per session). */
    private List<Due> due() {
        return jdbc.sql("""
                        SELECT s.id, s.started_at, s.last_input_at, s.disconnected_at, now() AS now,
                               p.disconnect_timeout_s, p.idle_timeout_s, p.max_length_s,
                               coalesce(w.idle, false) AS idle_warned, coalesce(w.max_length, false) AS max_warned
                          FROM sessions s JOIN desktop_pools p ON p.id = s.pool_id
                          LEFT JOIN LATERAL (SELECT bool_or(n.notice_id = :idle) AS idle,
                                                    bool_or(n.notice_id = :maxLength) AS max_length
                                               FROM session_notices n
                                              WHERE n.session_id = s.id AND n.notice_id IN (:idle, :maxLength)
                                                AND NOT n.cleared) w ON true
                         WHERE s.state = 'RUNNING' AND s.started_at IS NOT NULL AND (
                               (s.disconnected_at + make_interval(secs => p.disconnect_timeout_s) <= now())
                            OR (greatest(s.last_input_at, s.started_at) + make_interval(secs => p.idle_timeout_s)
                                    <= now() + make_interval(secs => :warning))
                            OR (s.started_at + make_interval(secs => p.max_length_s) <= now() + make_interval(secs => :warning))
                            OR w.idle OR w.max_length)""")
                .param("warning", warning.toSeconds())
                .param("idle", PolicyStep.IDLE).param("maxLength", PolicyStep.MAX_LENGTH)
                .query((rs, row) -> new Due(rs.getObject("id", UUID.class),
                        new SessionPolicy(SessionPolicy.seconds(rs.getObject("disconnect_timeout_s", Integer.class)),
                                SessionPolicy.seconds(rs.getObject("idle_timeout_s", Integer.class)),
                                SessionPolicy.seconds(rs.getObject("max_length_s", Integer.class))),
                        new PolicyStep.Facts(rs.getTimestamp("now").toInstant(), rs.getTimestamp("started_at").toInstant(),
                                instant(rs.getTimestamp("last_input_at")), instant(rs.getTimestamp("disconnected_at")),
                                rs.getBoolean("idle_warned"), rs.getBoolean("max_warned"))))
                .list();
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
