package dev.ventana.server.images;

import dev.ventana.server.startup.DataDirectory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image versions the server itself holds (uploaded ones), in
 * {@code <ventana.data-dir>/images/<image>/<id>/} laid out as deploy/images writes them. Only
 * complete versions are there: an upload lands in a hidden {@code .upload-*} directory beside
 * them and is renamed into place once verified and registered.
 */
@Service
public class StoredVersions {
    static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{16}");
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StoredVersions.class);
    private final Path root;

    StoredVersions(DataDirectory data) {
        this.root = data.resolve("images");
    }

    /** The directory of a version the server holds; empty for unknown (or malformed) names. */
    public Optional<Path> directory(String image, String id) {
        if (image == null || id == null || !IMAGE_NAME.matcher(image).matches() || !VERSION_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path dir = root.resolve(image).resolve(id);
        return Files.isRegularFile(dir.resolve("manifest.json")) ? Optional.of(dir) : Optional.empty();
    }

    /** Every version the server holds, by image and id. */
    public List<Stored> list() {
        try (Stream<Path> images = Files.list(root)) {
            return images.filter(Files::isDirectory)
                    .filter(i -> IMAGE_NAME.matcher(i.getFileName().toString()).matches())
                    .flatMap(StoredVersions::versions)
                    .sorted(java.util.Comparator.comparing(Stored::image).thenComparing(Stored::id))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One version on the server's disk. */
    public record Stored(String image, String id) {
    }

    /** A deleted version's files go from the server too, once the deletion is committed. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(ImageEvents.VersionDeleted deleted) {
        directory(deleted.image(), deleted.version()).ifPresent(StoredVersions::delete);
    }

    /** Removes a directory with everything in it; a failure is logged, as a leftover harms no one. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("Cannot remove {}: {}", dir, e.toString());
        }
    }

    /** Where an image's versions (and its uploads in progress) live. */
    Path imageDirectory(String image) {
        return root.resolve(image);
    }

    Path root() {
        return root;
    }

    private static Stream<Stored> versions(Path image) {
        try (Stream<Path> dirs = Files.list(image)) {
            return dirs.filter(d -> VERSION_ID.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.isRegularFile(d.resolve("manifest.json")))
                    .map(d -> new Stored(image.getFileName().toString(), d.getFileName().toString()))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
