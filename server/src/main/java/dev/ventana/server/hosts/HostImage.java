package dev.ventana.server.hosts;

import java.time.Instant;
import java.util.List;

/**
 * A golden image version present on a host: {@code sha256} names it across the farm;
 * {@code applications} are those its manifest offers for publishing alone. {@code parent} (the
 * 16-hex id it is layered on), {@code title}, {@code note}, {@code source}, {@code createdBy} and
 * {@code createdAt} come from its manifest and may be absent (a version deploy/images built);
 * {@code sizeBytes} counts its own files, not its parent's.
 */
public record HostImage(String image, String id, String sha256, String cmdline, int screenWidth, int screenHeight,
                        List<Application> applications, String parent, String title, String note, String source,
                        String createdBy, Instant createdAt, Long sizeBytes) {

    public HostImage {
        applications = applications == null ? List.of() : List.copyOf(applications);
        sizeBytes = sizeBytes == null ? 0L : sizeBytes;
    }

    /** One application an image version offers; {@code icon} is a name from docs/api.md's icon list. */
    public record Application(String id, String name, String icon) {
    }
}
