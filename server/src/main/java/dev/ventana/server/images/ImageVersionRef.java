package dev.ventana.server.images;

/** One registered golden image version: {@code sha256} names it; {@code label} is the host's short id. */
public record ImageVersionRef(long id, String image, String sha256, String label) {
}
