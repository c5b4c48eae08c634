package dev.ventana.server.audit;

import dev.ventana.server.broker.PoolEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Pool changes and entitlements go to the trail, inside the transaction that made them. */
@Component
class PoolAuditor {
    private final AuditTrail trail;

    PoolAuditor(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(PoolEvents event) {
        switch (event) {
            case PoolEvents.PoolCreated e -> trail.record(e.actor(), "pool.created", e.pool(),
                    Map.of("image", e.image(), "settings", e.settings().toString()));
            case PoolEvents.PoolChanged e -> trail.record(e.actor(), "pool.changed", e.pool(),
                    Map.of("before", e.before().toString(), "after", e.after().toString()));
            case PoolEvents.VersionPublished e -> {
                Map<String, Object> details = new java.util.HashMap<>();
                details.put("from", e.published().from());
                details.put("to", e.published().to());
                details.put("sessionsTold", e.published().sessionsTold());
                trail.record(e.actor(), e.published().rollback() ? "pool.rolled_back" : "pool.published", e.pool(), details);
            }
            case PoolEvents.PackagesChanged e -> trail.record(e.actor(), "pool.packages_changed", e.pool(), Map.of(
                    "from", refs(e.changed().from()), "to", refs(e.changed().to()),
                    "sessionsTold", e.changed().sessionsTold()));
            case PoolEvents.RolledOut e -> trail.record(e.actor(), "pool.rolled_out", e.pool(), Map.of("version",
                    e.rollout().version(), "sessions", e.rollout().sessions(), "graceMinutes", e.grace().toMinutes(),
                    "logoffAt", e.rollout().logoffAt().toString()));
            case PoolEvents.Entitled e -> trail.record(e.actor(), "pool.entitled", e.pool(), Map.of("to", e.subject()));
            case PoolEvents.Unentitled e -> trail.record(e.actor(), "pool.unentitled", e.pool(), Map.of("from", e.subject()));
        }
    }

    /** A list of packages as "name@version" strings. */
    private static java.util.List<String> refs(java.util.List<dev.ventana.server.hosts.GuestRequest.PackageRef> list) {
        return list.stream().map(r -> r.name() + "@" + r.version()).toList();
    }
}
