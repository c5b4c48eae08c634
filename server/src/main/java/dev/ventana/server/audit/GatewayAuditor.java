package dev.ventana.server.audit;

import dev.ventana.server.gateway.GatewayEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Administrators watching sessions (shadowing) go to the trail: who, which session, from when to when. */
@Component
class GatewayAuditor {
    private final AuditTrail trail;

    GatewayAuditor(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(GatewayEvents event) {
        switch (event) {
            case GatewayEvents.ShadowStarted e -> trail.record(e.actor(), "session.shadow_started", e.session().toString(), Map.of());
            case GatewayEvents.ShadowEnded e -> trail.record(e.actor(), "session.shadow_ended", e.session().toString(), Map.of());
        }
    }
}
