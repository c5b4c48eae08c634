package dev.ventana.server.images;

/** What admins did to image versions, for the audit trail. */
public sealed interface ImageEvents {
    String actor();

    record VersionDeleted(String actor, String image, String version) implements ImageEvents {
    }
}
