package dev.ventana.server.audit;

import dev.ventana.server.packages.PackageEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Package version changes go to the trail, inside the transaction that made them. */
@Component
class PackageAuditor {
    private final AuditTrail trail;

    PackageAuditor(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(PackageEvents event) {
        switch (event) {
            case PackageEvents.VersionUploaded e -> trail.record(e.actor(), "package.version_uploaded",
                    e.name() + "/" + e.version(), Map.of("sizeBytes", e.sizeBytes()));
            case PackageEvents.VersionDeleted e ->
                    trail.record(e.actor(), "package.version_deleted", e.name() + "/" + e.version(), Map.of());
        }
    }
}
