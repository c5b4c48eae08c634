package dev.ventana.server.gateway;

import dev.ventana.server.identity.RandomKeys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Display tickets: random, single-use, valid 30 s, bound to one user and one session. They are
 * the only credential the display WebSocket takes, so a viewer URL never carries a password or
 * a long-lived token. Stored hashed, redeemed atomically, so a farm of servers shares them. A
 * shadow ticket is an administrator's, to watch someone else's session read-only.
 */
@Service
public class Tickets {
    static final Duration LIFETIME = Duration.ofSeconds(30);
    private final JdbcClient jdbc;
    private final Clock clock;
    private final RandomKeys keys = new RandomKeys();

    Tickets(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A ticket for the session's own user. */
    public Issued issue(UUID session, long userId) {
        return issue(session, userId, false);
    }

    /** A ticket for an administrator to watch the session read-only; checking that they are one is the caller's job. */
    Issued issueShadow(UUID session, long adminId) {
        return issue(session, adminId, true);
    }

    private Issued issue(UUID session, long userId, boolean shadow) {
        String ticket = keys.next();
        Instant now = clock.instant();
        Instant expires = now.plus(LIFETIME);
        jdbc.sql("""
                        INSERT INTO display_tickets (ticket_hash, session_id, user_id, issued_at, expires_at, shadow)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(RandomKeys.hash(ticket), session, userId, Timestamp.from(now), Timestamp.from(expires), shadow)
                .update();
        return new Issued(ticket, expires);
    }

    /** The session, user and kind the ticket was issued for, once; empty if unknown, used or expired. */
    public Optional<Redeemed> redeem(String ticket) {
        if (!RandomKeys.wellFormed(ticket)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return jdbc.sql("""
                        WITH used AS (
                            UPDATE display_tickets SET used_at = ?
                             WHERE ticket_hash = ? AND used_at IS NULL AND expires_at > ?
                            RETURNING session_id, user_id, shadow)
                        SELECT used.session_id, used.user_id, users.username, used.shadow
                          FROM used JOIN users ON users.id = used.user_id""")
                .params(Timestamp.from(now), RandomKeys.hash(ticket), Timestamp.from(now))
                .query((rs, row) -> new Redeemed(rs.getObject("session_id", UUID.class), rs.getLong("user_id"),
                        rs.getString("username"), rs.getBoolean("shadow")))
                .optional();
    }

    @Scheduled(fixedDelay = 10, timeUnit = java.util.concurrent.TimeUnit.MINUTES)
    void forgetOld() {
        jdbc.sql("DELETE FROM display_tickets WHERE expires_at < ?")
                .param(Timestamp.from(clock.instant().minus(Duration.ofHours(1)))).update();
    }

    public record Issued(String ticket, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    /** Whom the ticket lets in: the session's user, or with {@code shadow} an administrator watching it read-only. */
    public record Redeemed(UUID session, long userId, String username, boolean shadow) {
    }
}
