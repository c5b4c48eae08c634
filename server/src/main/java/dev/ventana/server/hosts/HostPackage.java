package dev.ventana.server.hosts;

import java.time.Instant;
import java.util.List;

/**
 * An application package version present on a host (docs/api.md, "Heartbeat"): {@code id} is its
 * 16-hex id, {@code sha256} its manifest's hash, which names it across the farm; the rest comes
 * from its manifest. {@code madeFor} is the image (and version, null: any) it was made on.
 */
public record HostPackage(String name, String id, String sha256, String title, String note, String source,
                          String createdBy, Instant createdAt, MadeFor madeFor, List<HostImage.Application> applications,
                          Long sizeBytes) {

    public HostPackage {
        applications = applications == null ? List.of() : List.copyOf(applications);
        sizeBytes = sizeBytes == null ? 0L : sizeBytes;
    }

    /** The image a package was made for, and that guest's operating system ({@code ID VERSION_ID}). */
    public record MadeFor(String image, String version, String os) {
    }
}
