package dev.ventana.server.images;

/** One file of an uploaded bundle as written to disk: its size and sha256, computed while it was written. */
public record ReceivedFile(String name, long size, String sha256) {
}
