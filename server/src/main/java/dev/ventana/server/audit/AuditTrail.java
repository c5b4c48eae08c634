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
        return jdbc.sql("""
                        SELECT id, occurred_at, actor, action, target, details::text AS details
                          FROM audit_events ORDER BY occurred_at DESC, id DESC LIMIT ?""")
                .param(Math.clamp(limit, 1, 1000))
                .query((rs, row) -> new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                        json.readValue(rs.getString("details"), DETAILS)))
                .list();
    }
}
