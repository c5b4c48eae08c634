package dev.ventana.server.audit;

import dev.ventana.server.hosts.HostEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Hosts joining, going down, coming back and being drained go to the trail. */
@Component
class HostAuditor {
    private final AuditTrail trail;

    HostAuditor(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(HostEvents event) {
        switch (event) {
            case HostEvents.HostJoined e -> trail.record("system", "host.joined", e.host(), Map.of("url", e.url()));
            case HostEvents.HostDown e -> trail.record("system", "host.down", e.host(), Map.of());
            case HostEvents.HostBack e -> trail.record("system", "host.back", e.host(), Map.of("fenced", e.fenced()));
            case HostEvents.HostDraining e ->
                    trail.record(e.actor(), e.draining() ? "host.drained" : "host.undrained", e.host(), Map.of());
            case HostEvents.ImagesReported e -> {
                // Image versions are registered in the catalogue; that is no one's action.
            }
            case HostEvents.PackagesReported e -> {
                // Packages too.
            }
        }
    }
}
