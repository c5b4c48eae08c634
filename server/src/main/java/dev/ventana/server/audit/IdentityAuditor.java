package dev.ventana.server.audit;

import dev.ventana.server.identity.IdentityEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Writes identity changes and sign-ins to the trail, inside the transaction that made them. */
@Component
class IdentityAuditor {
    private final AuditTrail trail;

    IdentityAuditor(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(IdentityEvents event) {
        switch (event) {
            case IdentityEvents.UserCreated e ->
                    trail.record(e.actor(), "user.created", e.username(), Map.of("roles", e.roles()));
            case IdentityEvents.PasswordReset e -> trail.record(e.actor(), "user.password_reset", e.username(), Map.of());
            case IdentityEvents.RolesChanged e ->
                    trail.record(e.actor(), "user.roles_changed", e.username(), Map.of("roles", e.roles()));
            case IdentityEvents.GroupCreated e -> trail.record(e.actor(), "group.created", e.group(), Map.of());
            case IdentityEvents.GroupDeleted e -> trail.record(e.actor(), "group.deleted", e.group(), Map.of());
            case IdentityEvents.MembersSet e ->
                    trail.record(e.actor(), "group.members_set", e.group(), Map.of("usernames", e.usernames()));
            case IdentityEvents.SignedIn e -> trail.record(e.actor(), "auth.signed_in", e.actor(), Map.of());
            case IdentityEvents.SignInFailed e ->
                    trail.record(truncated(e.actor()), "auth.sign_in_failed", null,
                            Map.of("reason", e.reason(), "address", e.address()));
        }
    }

    // The typed name of a failed sign-in is attacker-controlled: keep it inside the column's limit.
    private static String truncated(String name) {
        if (name == null || name.isBlank()) {
            return "(empty)";
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}
