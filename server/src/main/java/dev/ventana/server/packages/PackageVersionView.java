package dev.ventana.server.packages;

import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.hosts.HostPackage;

import java.time.Instant;
import java.util.List;

/**
 * One package version as admins see it (docs/api.md, "Packages"): {@code hosts} hold it (their
 * last heartbeat listed it), {@code pools} list it, {@code liveSessions} have it.
 */
public record PackageVersionView(String version, String sha256, String title, String note, String source,
                                 HostPackage.MadeFor madeFor, List<HostImage.Application> applications, String createdBy,
                                 Instant createdAt, Instant registeredAt, long sizeBytes, List<String> hosts,
                                 List<String> pools, long liveSessions) {
}
