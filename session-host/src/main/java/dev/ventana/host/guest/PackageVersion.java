package dev.ventana.host.guest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One immutable application package version, as read from its manifest (docs/session-host.md,
 * "Application packages"): {@code <packages>/<name>/<id>/} with manifest.json and package.sqfs.
 * As for image versions, {@code sha256} is the manifest's digest and {@code id} its start.
 * {@code madeFor} is the image (and, where the maker knew it, the version and the guest's OS) it
 * was made on; {@code applications} are what it publishes.
 */
public record PackageVersion(String name, String id, Path dir, Path file, String sha256, ImageVersion.Origin origin,
        MadeFor madeFor, List<Application> applications, long sizeBytes) {

    public PackageVersion {
        applications = List.copyOf(applications);
    }

    /** The image it was made on; {@code version} and {@code os} may be null. */
    public record MadeFor(String image, String version, String os) {
    }

    GuestPackage asGuestPackage() {
        return new GuestPackage(name, id, file);
    }
}
