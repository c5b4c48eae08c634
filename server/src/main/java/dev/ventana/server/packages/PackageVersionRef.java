package dev.ventana.server.packages;

import dev.ventana.server.hosts.HostImage;

import java.time.Instant;
import java.util.List;

/**
 * One registered package version: {@code label} is its 16-hex id; {@code madeForImage} the image
 * it was made on ({@code madeForVersion} null: any of its versions); a deleted one keeps its row.
 */
public record PackageVersionRef(long id, String name, String sha256, String label, String madeForImage,
                                String madeForVersion, String madeForOs, List<HostImage.Application> applications,
                                Instant registeredAt, boolean deleted) {
}
