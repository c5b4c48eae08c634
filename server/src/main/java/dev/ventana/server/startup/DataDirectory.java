package dev.ventana.server.startup;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's own state on disk (the embedded database, logs). Checked once at start-up so
 * that a bad directory is one clear message instead of a failure deep inside PostgreSQL.
 */
@Component
public class DataDirectory {
    private final Path root;

    DataDirectory(@Value("${ventana.data-dir:./data}") Path configured) {
        this.root = configured.toAbsolutePath().normalize();
        ensureWritable(root);
    }

    public Path root() {
        return root;
    }

    /** A sub-directory, created on demand and checked like the root. */
    public Path resolve(String name) {
        Path dir = root.resolve(name);
        ensureWritable(dir);
        return dir;
    }

    private static void ensureWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-probe", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new DataDirectoryUnusableException(dir, e);
        }
    }
}
