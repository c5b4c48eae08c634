package dev.ventana.server.packages;

import dev.ventana.server.images.StoredVersions;
import dev.ventana.server.startup.DataDirectory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The package versions the server itself holds (uploaded ones), in
 * {@code <ventana.data-dir>/packages/<name>/<id>/}: manifest.json and package.sqfs, as a host
 * keeps them. As with image versions, an upload lands in a hidden {@code .upload-*} directory
 * beside them and is renamed into place once verified and registered.
 */
@Service
public class StoredPackages {
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    public static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{16}");
    private final Path root;

    StoredPackages(DataDirectory data) {
        this.root = data.resolve("packages");
    }

    /** The directory of a version the server holds; empty for unknown (or malformed) names. */
    public Optional<Path> directory(String name, String id) {
        if (name == null || id == null || !NAME.matcher(name).matches() || !VERSION_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path dir = root.resolve(name).resolve(id);
        return Files.isRegularFile(dir.resolve("manifest.json")) ? Optional.of(dir) : Optional.empty();
    }

    /** A deleted version's files go from the server too, once the deletion is committed. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(PackageEvents.VersionDeleted deleted) {
        directory(deleted.name(), deleted.version()).ifPresent(StoredVersions::delete);
    }

    /** Where a package's versions (and its uploads in progress) live. */
    Path packageDirectory(String name) {
        return root.resolve(name);
    }

    Path root() {
        return root;
    }
}
