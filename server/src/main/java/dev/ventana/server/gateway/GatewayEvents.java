package dev.ventana.server.gateway;

import java.util.UUID;

/** What the gateway saw happen on the display connections, for the audit trail. */
public sealed interface GatewayEvents {
    String actor();

    UUID session();

    /** An administrator began watching the session read-only. */
    record ShadowStarted(String actor, UUID session) implements GatewayEvents {
    }

    /** An administrator's read-only view of the session closed (by either side). */
    record ShadowEnded(String actor, UUID session) implements GatewayEvents {
    }
}
