package dev.ventana.server.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/** The append-only record of who did what; the table refuses updates and deletes. */
@Service
public class AuditTrail {
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditTrail(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void record(String actor, String action, String target, Map<String, ?> details) {
        jdbc.sql("INSERT INTO audit_events (actor, action, target, details) VALUES (?, ?, ?, ?::jsonb)")
                .params(actor, action, target, json.writeValueAsString(details))
                .update();
    }

    public List<AuditEvent> recent(int limit) {
        return search(AuditFilter.ANY, 0, Math.clamp(limit, 1, 1000)).events();
    }

    /** One page of what matches, newest first. */
    public AuditPage search(AuditFilter filter, int page, int size) {
        // One more than the page, to tell whether another follows without counting the whole trail.
        List<AuditEvent> rows = jdbc.sql("""
                        SELECT id, occurred_at, actor, action, target, details::text AS details FROM audit_events
                         WHERE (CAST(:from AS timestamptz) IS NULL OR occurred_at >= :from)
                           AND (CAST(:to AS timestamptz) IS NULL OR occurred_at < :to)
                           AND (CAST(:actor AS text) IS NULL OR actor = :actor)
                           AND (CAST(:action AS text) IS NULL OR action = :action OR action LIKE :actionPrefix)
                           AND (CAST(:target AS text) IS NULL OR target = :target)
                         ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset""")
                .param("from", filter.from() == null ? null : filter.from().atOffset(java.time.ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("to", filter.to() == null ? null : filter.to().atOffset(java.time.ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("actor", filter.actor(), java.sql.Types.VARCHAR)
                .param("action", filter.action(), java.sql.Types.VARCHAR)
                .param("actionPrefix", filter.action() == null ? null : likeLiteral(filter.action()) + ".%",
                        java.sql.Types.VARCHAR)
                .param("target", filter.target(), java.sql.Types.VARCHAR)
                .param("limit", size + 1).param("offset", (long) page * size)
                .query((rs, row) -> new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                        json.readValue(rs.getString("details"), DETAILS)))
                .list();
        boolean more = rows.size() > size;
        return new AuditPage(more ? rows.subList(0, size) : rows, page, size, more);
    }

    private static String likeLiteral(String s) {
        return s.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
    }
}
