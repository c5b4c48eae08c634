package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Receives uploaded version bundles: streamed into a hidden directory beside the image's
 * versions, verified (BundleVerifier), then registered and renamed into place in one step, so
 * that a version is either complete and registered or not there at all. Whatever fails, the
 * hidden directory goes; leftovers of a server that died mid-upload go at start.
 */
@Service
public class VersionUploads {
    private static final Logger log = LoggerFactory.getLogger(VersionUploads.class);
    private static final long LOG_EVERY_MILLIS = 5_000;
    private final StoredVersions stored;
    private final ImageCatalogue catalogue;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final BundleVerifier verifier;
    private final Clock clock;
    private final Map<UUID, Receiving> receiving = new ConcurrentHashMap<>();
    private volatile long maxBytes;

    VersionUploads(StoredVersions stored, ImageCatalogue catalogue, ApplicationEventPublisher events,
                   TransactionTemplate transactions, JsonMapper json,
                   @Value("${ventana.images.max-upload:16GB}") DataSize maxUpload) {
        this.stored = stored;
        this.catalogue = catalogue;
        this.events = events;
        this.transactions = transactions;
        this.verifier = new BundleVerifier(json);
        this.clock = Clock.systemUTC();
        this.maxBytes = maxUpload.toBytes();
        removeLeftovers();
    }

    /**
     * Receives, verifies and registers one bundle. {@code declaredLength} is the request's
     * Content-Length (-1 when chunked): a body declared too large is refused before a byte is read.
     */
    public UploadedVersion upload(String image, InputStream body, long declaredLength, String actor) {
        if (image == null || !StoredVersions.IMAGE_NAME.matcher(image).matches()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "'" + image + "' is not an image name.");
        }
        long limit = maxBytes;
        if (declaredLength > limit) {
            throw new VentanaException(ErrorKind.TOO_LARGE, "The bundle is " + declaredLength
                    + " bytes, more than the upload limit of " + limit + " bytes (ventana.images.max-upload).");
        }
        UUID key = UUID.randomUUID();
        Path temp = stored.imageDirectory(image).resolve(".upload-" + key);
        Receiving progress = new Receiving(image, clock.instant());
        receiving.put(key, progress);
        log.info("Receiving a version bundle of image {} from {}", image, actor);
        try {
            Files.createDirectories(temp);
            var files = new BundleReader(limit).extract(new CountingStream(body, limit, progress::received), temp);
            VerifiedBundle bundle = verifier.verify(image, temp, files);
            if (bundle.parent() != null && catalogue.version(image, bundle.parent()).filter(p -> !p.deleted()).isEmpty()) {
                throw new VentanaException(ErrorKind.BAD_REQUEST, "manifest.json's parent " + bundle.parent()
                        + " is not a registered version of image '" + image + "'.");
            }
            readOnly(temp);
            UploadedVersion version = commit(bundle, temp, actor);
            log.info("Version {} of image {} uploaded by {}: {} bytes", version.version(), image, actor,
                    version.sizeBytes());
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            log.info("Upload of a version of image {} by {} refused after {} bytes: {}", image, actor,
                    progress.receivedBytes, e.getMessage());
            throw e;
        } finally {
            receiving.remove(key);
            delete(temp);
        }
    }

    /** The uploads being received right now, oldest first. */
    public List<UploadInProgress> inProgress() {
        return receiving.values().stream()
                .map(r -> new UploadInProgress(r.image, r.receivedBytes, r.startedAt))
                .sorted(Comparator.comparing(UploadInProgress::startedAt)).toList();
    }

    /** The limit in bytes; set from ventana.images.max-upload, changed only by tests. */
    void maxBytes(long bytes) {
        this.maxBytes = bytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * Registers, audits and renames into place in one transaction: a failed rename rolls the
     * registration back. One at a time, so two uploads of the same version cannot both pass the check.
     */
    private synchronized UploadedVersion commit(VerifiedBundle bundle, Path temp, String actor) {
        return transactions.execute(tx -> {
            var existing = catalogue.version(bundle.image(), bundle.id());
            if (existing.isPresent()) {
                // A deleted version keeps its row for the sessions' history, and with it its id.
                throw new VentanaException(ErrorKind.CONFLICT, "Version " + bundle.id() + " of image '"
                        + bundle.image() + "' is already present" + (existing.get().deleted() ? " (deleted)." : "."));
            }
            catalogue.register(List.of(bundle.asVersion(actor)));
            events.publishEvent(new ImageEvents.VersionUploaded(actor, bundle.image(), bundle.id(),
                    bundle.sizeBytes(), bundle.parent()));
            Path target = temp.resolveSibling(bundle.id());
            delete(target); // unregistered, so a leftover of a failed attempt
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the upload into " + target, e);
            }
            return new UploadedVersion(bundle.image(), bundle.id(), bundle.sha256(), bundle.sizeBytes(),
                    bundle.parent());
        });
    }

    /** Versions are immutable: their files lose write permission as the built ones have. */
    private static void readOnly(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the files stay as they are
        }
    }

    private void removeLeftovers() {
        if (!Files.isDirectory(stored.root())) {
            return;
        }
        try (Stream<Path> images = Files.list(stored.root())) {
            for (Path image : images.filter(Files::isDirectory).toList()) {
                try (Stream<Path> uploads = Files.list(image)) {
                    for (Path leftover : uploads.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList()) {
                        log.info("Removing {}, left by an upload the server did not finish", leftover);
                        delete(leftover);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        StoredVersions.delete(dir);
    }

    /** One upload's progress, logged every few seconds as its bytes arrive. */
    private static final class Receiving {
        private final String image;
        private final Instant startedAt;
        private volatile long receivedBytes;
        private long loggedAt = System.currentTimeMillis();

        Receiving(String image, Instant startedAt) {
            this.image = image;
            this.startedAt = startedAt;
        }

        void received(long total) {
            receivedBytes = total;
            long now = System.currentTimeMillis();
            if (now - loggedAt >= LOG_EVERY_MILLIS) {
                loggedAt = now;
                log.info("Upload of a version of image {}: {} bytes received", image, total);
            }
        }
    }
}
