package dev.ventana.server.packages;

/** What admins did to package versions, for the audit trail. */
public sealed interface PackageEvents {
    String actor();

    /** An admin uploaded a package bundle and it passed every check. */
    record VersionUploaded(String actor, String name, String version, long sizeBytes) implements PackageEvents {
    }

    record VersionDeleted(String actor, String name, String version) implements PackageEvents {
    }
}
