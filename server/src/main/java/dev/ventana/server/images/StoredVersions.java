package dev.ventana.server.images;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The image versions the server itself holds (uploads), in {@code <ventana.data-dir>/images/<image>/<id>/}
 * laid out as deploy/images writes them; hosts that lack one fetch it from here.
 */
@Service
public class StoredVersions {
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private final Path root;

    StoredVersions(@Value("${ventana.data-dir:./data}") Path dataDir) {
        this.root = dataDir.toAbsolutePath().normalize().resolve("images");
    }

    /** The version's directory, when the server holds it complete (its manifest is written last). */
    public Optional<Path> directory(String image, String id) {
        if (!IMAGE.matcher(image).matches() || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path dir = root.resolve(image).resolve(id);
        return Files.isRegularFile(dir.resolve("manifest.json")) ? Optional.of(dir) : Optional.empty();
    }
}
