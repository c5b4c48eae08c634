package dev.ventana.server.hosts;

import java.util.List;

/**
 * A golden image version present on a host: {@code sha256} names it across the farm;
 * {@code applications} are those its manifest offers for publishing alone.
 */
public record HostImage(String image, String id, String sha256, String cmdline, int screenWidth, int screenHeight,
                        List<Application> applications) {

    public HostImage {
        applications = applications == null ? List.of() : List.copyOf(applications);
    }

    /** One application an image version offers; {@code icon} is a name from docs/api.md's icon list. */
    public record Application(String id, String name, String icon) {
    }
}
