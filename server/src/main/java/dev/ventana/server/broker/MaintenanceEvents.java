package dev.ventana.server.broker;

import java.util.UUID;

/** What admins did with maintenance guests, for the audit trail. */
public sealed interface MaintenanceEvents {
    String actor();

    String image();

    record Started(String actor, String image, String version, String host, UUID session) implements MaintenanceEvents {
    }

    record Sealed(String actor, String image, String version, String parent, String title, long sizeBytes,
                  double sealSeconds) implements MaintenanceEvents {
    }

    record Discarded(String actor, String image, String version) implements MaintenanceEvents {
    }
}
