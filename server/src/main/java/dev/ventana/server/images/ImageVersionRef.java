package dev.ventana.server.images;

import java.time.Instant;

/**
 * One registered golden image version: {@code sha256} names it; {@code label} is its 16-hex id;
 * {@code registeredAt} orders versions (newest last seen); a deleted one keeps its row for history.
 */
public record ImageVersionRef(long id, String image, String sha256, String label, Instant registeredAt,
                              boolean deleted) {
}
