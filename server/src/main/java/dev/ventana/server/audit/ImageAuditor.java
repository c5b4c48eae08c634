package dev.ventana.server.audit;

import dev.ventana.server.images.ImageEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/** Image version changes go to the trail, inside the transaction that made them. */
@Component
class ImageAuditor {
    private final AuditTrail trail;

    ImageAuditor(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(ImageEvents event) {
        switch (event) {
            case ImageEvents.VersionDeleted e ->
                    trail.record(e.actor(), "image.version_deleted", e.image() + "/" + e.version(), Map.of());
            case ImageEvents.VersionUploaded e -> {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("sizeBytes", e.sizeBytes());
                if (e.parent() != null) {
                    details.put("parent", e.parent());
                }
                trail.record(e.actor(), "image.version_uploaded", e.image() + "/" + e.version(), details);
            }
        }
    }
}
