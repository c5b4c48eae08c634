package dev.ventana.server.broker;

import java.util.UUID;

/** What admins did with packaging guests, for the audit trail; {@code name} is the package's. */
public sealed interface PackagingEvents {
    String actor();

    String name();

    /** {@code image} and {@code version}: the image version the guest boots from. */
    record Started(String actor, String name, String image, String version, String host, UUID session)
            implements PackagingEvents {
    }

    /** {@code version}: the new package version; {@code image} and {@code imageVersion} what it was made on. */
    record Sealed(String actor, String name, String version, String image, String imageVersion, String title,
                  long sizeBytes, double sealSeconds) implements PackagingEvents {
    }

    record Discarded(String actor, String name, String image, String version) implements PackagingEvents {
    }
}
