package dev.ventana.server.audit;

import java.time.Instant;
import java.util.Map;

public record AuditEvent(long id, Instant occurredAt, String actor, String action, String target,
                         Map<String, Object> details) {
}
