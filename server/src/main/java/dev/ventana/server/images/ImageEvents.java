package dev.ventana.server.images;

/** What happens to image versions, for the audit trail. */
public sealed interface ImageEvents {

    /** An admin uploaded a version bundle and it passed every check. */
    record VersionUploaded(String actor, String image, String version, long sizeBytes, String parent)
            implements ImageEvents {
    }
}
