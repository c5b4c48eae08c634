package dev.ventana.server.broker;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sessions in PostgreSQL. State changes are guarded by the state they expect, so racing servers cannot undo each other. */
@Repository
class SessionStore {
    private static final String SELECT = """
            SELECT s.id, s.user_id, u.username, s.pool_id, s.image_version_id, s.host_id, s.guest_id, s.state,
                   s.failure_reason, s.created_at, s.started_at
              FROM sessions s JOIN users u ON u.id = s.user_id
            """;
    private final JdbcClient jdbc;

    SessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<DesktopSession> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE s.id = ?").param(id).query(SessionStore::map).optional();
    }

    Optional<DesktopSession> liveFor(long userId, long poolId) {
        return jdbc.sql(SELECT + " WHERE s.user_id = ? AND s.pool_id = ? AND s.state NOT IN ('STOPPED', 'FAILED')")
                .params(userId, poolId).query(SessionStore::map).optional();
    }

    List<DesktopSession> live() {
        return jdbc.sql(SELECT + " WHERE s.state NOT IN ('STOPPED', 'FAILED') ORDER BY s.created_at")
                .query(SessionStore::map).list();
    }

    /** Throws DuplicateKeyException when the user already has a live session in the pool. */
    DesktopSession insertPlacing(long userId, long poolId, long versionId) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO sessions (id, user_id, pool_id, image_version_id, state) VALUES (?, ?, ?, ?, 'PLACING')")
                .params(id, userId, poolId, versionId).update();
        return find(id).orElseThrow();
    }

    boolean placed(UUID id, long hostId, String guestId) {
        return jdbc.sql("UPDATE sessions SET state = 'STARTING', host_id = ?, guest_id = ? WHERE id = ? AND state = 'PLACING'")
                .params(hostId, guestId, id).update() == 1;
    }

    boolean running(UUID id) {
        return jdbc.sql("UPDATE sessions SET state = 'RUNNING', started_at = now() WHERE id = ? AND state = 'STARTING'")
                .param(id).update() == 1;
    }

    boolean stopping(UUID id) {
        return jdbc.sql("UPDATE sessions SET state = 'STOPPING' WHERE id = ? AND state IN ('STARTING', 'RUNNING')")
                .param(id).update() == 1;
    }

    boolean ended(UUID id, SessionState state, String reason) {
        return jdbc.sql("""
                        UPDATE sessions SET state = ?, failure_reason = ?, ended_at = now()
                         WHERE id = ? AND state NOT IN ('STOPPED', 'FAILED')""")
                .params(state.name(), state == SessionState.FAILED ? reason : null, id).update() == 1;
    }

    void seen(UUID id) {
        jdbc.sql("UPDATE sessions SET last_seen_at = now() WHERE id = ?").param(id).update();
    }

    private static DesktopSession map(ResultSet rs, int row) throws SQLException {
        Long hostId = rs.getObject("host_id", Long.class);
        Timestamp started = rs.getTimestamp("started_at");
        return new DesktopSession(rs.getObject("id", UUID.class), rs.getLong("user_id"), rs.getString("username"),
                rs.getLong("pool_id"), rs.getLong("image_version_id"), hostId, rs.getString("guest_id"),
                SessionState.valueOf(rs.getString("state")), rs.getString("failure_reason"),
                rs.getTimestamp("created_at").toInstant(), started == null ? null : started.toInstant());
    }
}
