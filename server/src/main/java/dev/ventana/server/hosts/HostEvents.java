package dev.ventana.server.hosts;

import java.util.List;

/** Farm facts, for the audit trail, the broker and the default pool. */
public sealed interface HostEvents {
    String host();

    record HostJoined(String host, String url) implements HostEvents {
    }

    record HostDown(String host) implements HostEvents {
    }

    /** Back after being DOWN; {@code fenced} guests of its lost sessions are being ended. */
    record HostBack(String host, List<String> fenced) implements HostEvents {
    }

    record HostDraining(String actor, String host, boolean draining) implements HostEvents {
    }

    /** The host's set of image versions changed (or was reported for the first time). */
    record ImagesReported(String host, List<HostImage> images) implements HostEvents {
    }

    /** The host's set of packages changed (or was reported for the first time). */
    record PackagesReported(String host, List<HostPackage> packages) implements HostEvents {
    }
}
