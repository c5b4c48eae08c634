package dev.ventana.server.hosts;

/** The new version's name and note, and who made it: they go into its manifest. */
public record SealRequest(String title, String note, String createdBy) {
}
