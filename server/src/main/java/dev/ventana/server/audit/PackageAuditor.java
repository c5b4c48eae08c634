package dev.ventana.server.audit;

import dev.ventana.server.broker.PackagingEvents;
import dev.ventana.server.packages.PackageEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Package version changes and packaging guests started, sealed and discarded go to the trail,
 * inside the transaction that made them, under the package's name.
 */
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

    @EventListener
    void on(PackagingEvents event) {
        switch (event) {
            case PackagingEvents.Started e -> trail.record(e.actor(), "package.packaging_started", e.name(),
                    Map.of("image", e.image(), "version", e.version(), "host", e.host(), "session", e.session().toString()));
            case PackagingEvents.Sealed e -> trail.record(e.actor(), "package.packaging_sealed", e.name(),
                    Map.of("version", String.valueOf(e.version()), "image", e.image(), "imageVersion", e.imageVersion(), "title", e.title(),
                            "sizeBytes", e.sizeBytes(), "sealSeconds", e.sealSeconds()));
            case PackagingEvents.Discarded e -> trail.record(e.actor(), "package.packaging_discarded", e.name(),
                    Map.of("image", e.image(), "version", e.version()));
        }
    }
}
