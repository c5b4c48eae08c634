package dev.ventana.server.audit;

import dev.ventana.server.broker.BrokerEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/** Session launches and ends go to the trail. */
@Component
class BrokerAuditor {
    private final AuditTrail trail;

    BrokerAuditor(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(BrokerEvents event) {
        switch (event) {
            case BrokerEvents.SessionLaunched e ->
                    trail.record(e.actor(), "session.launched", e.session().toString(), Map.of("pool", e.pool(), "host", e.host()));
            case BrokerEvents.SessionEnded e -> {
                Map<String, Object> details = new HashMap<>();
                details.put("state", e.state());
                if (e.reason() != null) {
                    details.put("reason", e.reason());
                }
                trail.record(e.actor(), "session.ended", e.session().toString(), details);
            }
            case BrokerEvents.MessageSent e ->
                    trail.record(e.actor(), "session.messaged", e.session().toString(), Map.of("text", e.text()));
            case BrokerEvents.PolicyApplied e ->
                    trail.record(e.actor(), e.action(), e.session().toString(), Map.of("detail", e.detail()));
        }
    }
}
