package dev.ventana.server.audit;

import java.util.List;

/** One page of audit events, newest first; {@code more}: another page follows. */
public record AuditPage(List<AuditEvent> events, int page, int size, boolean more) {
}
