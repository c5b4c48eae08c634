package dev.ventana.server.broker;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.List;

/** How many sessions each pool has in each live state, for the metrics: one query, however many sessions. */
@Service
public class LiveSessionCounts {
    private static final String[] LIVE_STATES = SessionState.liveStates().stream().map(Enum::name).toArray(String[]::new);
    private final JdbcClient jdbc;

    LiveSessionCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Count(String pool, SessionState state, long sessions) {
    }

    /**
     * Every live state of every enabled pool, zeros included, so that a series drops to 0 rather
     * than vanishing; a disabled pool only while it still has live sessions.
     */
    public List<Count> byPoolAndState() {
        return jdbc.sql("""
                        WITH live AS (SELECT pool_id, state, count(*) AS n FROM sessions s WHERE""" + SessionStore.LIVE + """

                                       GROUP BY pool_id, state)
                        SELECT p.name, st.state, coalesce(l.n, 0) AS n
                          FROM desktop_pools p
                         CROSS JOIN unnest(?::text[]) AS st(state)
                          LEFT JOIN live l ON l.pool_id = p.id AND l.state = st.state
                         WHERE p.enabled OR p.id IN (SELECT pool_id FROM live)
                         ORDER BY p.name, st.state""")
                .param(LIVE_STATES)
                .query((rs, row) -> new Count(rs.getString("name"), SessionState.valueOf(rs.getString("state")), rs.getLong("n")))
                .list();
    }
}
