package dev.ventana.server.audit;

import java.time.Instant;

/**
 * Which audit events to show; null matches anything. {@code action} matches itself and the
 * actions under it ("session" matches session.launched and session.ended). {@code to} is exclusive.
 */
public record AuditFilter(Instant from, Instant to, String actor, String action, String target) {
    public static final AuditFilter ANY = new AuditFilter(null, null, null, null, null);
}
