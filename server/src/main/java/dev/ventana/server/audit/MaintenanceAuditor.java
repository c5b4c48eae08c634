package dev.ventana.server.audit;

import dev.ventana.server.broker.MaintenanceEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Maintenance guests started, sealed and discarded go to the trail, under the image they change. */
@Component
class MaintenanceAuditor {
    private final AuditTrail trail;

    MaintenanceAuditor(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(MaintenanceEvents event) {
        switch (event) {
            case MaintenanceEvents.Started e -> trail.record(e.actor(), "image.maintenance_started", e.image(),
                    Map.of("version", e.version(), "host", e.host(), "session", e.session().toString()));
            case MaintenanceEvents.Sealed e -> trail.record(e.actor(), "image.maintenance_sealed", e.image(),
                    Map.of("version", e.version(), "parent", e.parent() == null ? "" : e.parent(), "title", e.title(),
                            "sizeBytes", e.sizeBytes(), "sealSeconds", e.sealSeconds()));
            case MaintenanceEvents.Discarded e -> trail.record(e.actor(), "image.maintenance_discarded", e.image(),
                    Map.of("version", e.version()));
        }
    }
}
