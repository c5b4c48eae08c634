package dev.ventana.server.notices;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The notices users see in their viewers, kept in PostgreSQL so that every server of the farm
 * delivers them and a viewer that reconnects (after a server restart too) finds them again.
 * Every change takes a new seq: a gateway asks for what changed since the last it saw, one
 * query however many sessions there are.
 */
@Service
public class SessionNotices {
    private static final String SELECT = """
            SELECT session_id, notice_id, kind, level, body, deadline, actions, cleared, seq FROM session_notices""";
    private static final int BATCH = 500;
    private final JdbcClient jdbc;

    SessionNotices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Shows the notice, replacing one with the same id. */
    public void post(UUID session, String id, NoticeKind kind, Notice.Level level, String text, Instant deadline,
                     List<String> actions) {
        jdbc.sql("""
                        INSERT INTO session_notices (session_id, notice_id, kind, level, body, deadline, actions)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (session_id, notice_id) DO UPDATE SET kind = excluded.kind, level = excluded.level,
                            body = excluded.body, deadline = excluded.deadline, actions = excluded.actions,
                            cleared = false, seq = nextval('session_notices_seq'), updated_at = now()""")
                .params(session, id, kind.name(), level.name(), text, deadline == null ? null : Timestamp.from(deadline),
                        actions.toArray(String[]::new))
                .update();
    }

    /** Takes the notice down; false if it was not showing. */
    public boolean clear(UUID session, String id) {
        return jdbc.sql("""
                        UPDATE session_notices SET cleared = true, seq = nextval('session_notices_seq'), updated_at = now()
                         WHERE session_id = ? AND notice_id = ? AND NOT cleared""")
                .params(session, id).update() == 1;
    }

    /** What a viewer that connects now must see. */
    public List<Notice> showing(UUID session) {
        return jdbc.sql(SELECT + " WHERE session_id = ? AND NOT cleared ORDER BY seq").param(session)
                .query(SessionNotices::map).list();
    }

    /** Changes after {@code seq}, oldest first, at most a batch. */
    public List<Notice> after(long seq) {
        return jdbc.sql(SELECT + " WHERE seq > ? ORDER BY seq LIMIT " + BATCH).param(seq).query(SessionNotices::map).list();
    }

    /** The newest seq handed out so far: a gateway starts from here. */
    public long latest() {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM session_notices").query(Long.class).single();
    }

    private static Notice map(ResultSet rs, int row) throws SQLException {
        Timestamp deadline = rs.getTimestamp("deadline");
        Array actions = rs.getArray("actions");
        return new Notice(rs.getObject("session_id", UUID.class), rs.getString("notice_id"),
                NoticeKind.valueOf(rs.getString("kind")), Notice.Level.valueOf(rs.getString("level")), rs.getString("body"),
                deadline == null ? null : deadline.toInstant(),
                actions == null ? List.of() : Arrays.asList((String[]) actions.getArray()), rs.getBoolean("cleared"),
                rs.getLong("seq"));
    }
}
