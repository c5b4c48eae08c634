package dev.ventana.server.images;

/** What admins did to image versions, for the audit trail. */
public sealed interface ImageEvents {
    String actor();

    record VersionDeleted(String actor, String image, String version) implements ImageEvents {
    }

    /** An admin uploaded a version bundle and it passed every check. */
    record VersionUploaded(String actor, String image, String version, long sizeBytes, String parent)
            implements ImageEvents {
    }
}
