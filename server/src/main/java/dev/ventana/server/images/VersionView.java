package dev.ventana.server.images;

import java.time.Instant;
import java.util.List;

/**
 * One version as admins see it (docs/api.md, "Images"): {@code version} is its 16-hex id;
 * {@code hosts} hold it verified (their last heartbeat listed it); {@code pools} publish it;
 * {@code liveSessions} run it.
 */
public record VersionView(String version, String sha256, String title, String note, String source, String parent,
                          String createdBy, Instant createdAt, Instant registeredAt, long sizeBytes, boolean verified,
                          List<String> hosts, List<String> pools, long liveSessions) {
}
