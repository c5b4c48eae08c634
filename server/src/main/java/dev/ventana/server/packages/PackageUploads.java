package dev.ventana.server.packages;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.images.BundleReader;
import dev.ventana.server.images.CountingStream;
import dev.ventana.server.images.StoredVersions;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Receives uploaded package bundles as images.VersionUploads receives version bundles (the same
 * reader, limits and progress): streamed into a hidden directory beside the package's versions,
 * verified, then registered and renamed into place in one step; whatever fails, the hidden
 * directory goes, and leftovers of a server that died mid-upload go at start.
 */
@Service
public class PackageUploads {
    private static final Logger log = LoggerFactory.getLogger(PackageUploads.class);
    static final String LIMIT = "ventana.packages.max-upload";
    private static final long LOG_EVERY_MILLIS = 5_000;
    private final StoredPackages stored;
    private final PackageCatalogue catalogue;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final PackageBundleVerifier verifier;
    private volatile long maxBytes;

    PackageUploads(StoredPackages stored, PackageCatalogue catalogue, ApplicationEventPublisher events,
                   TransactionTemplate transactions, JsonMapper json,
                   @Value("${" + LIMIT + ":4GB}") DataSize maxUpload) {
        this.stored = stored;
        this.catalogue = catalogue;
        this.events = events;
        this.transactions = transactions;
        this.verifier = new PackageBundleVerifier(json);
        this.maxBytes = maxUpload.toBytes();
        removeLeftovers();
    }

    /** Receives, verifies and registers one bundle; {@code declaredLength} is the Content-Length (-1: chunked). */
    public UploadedPackage upload(String name, InputStream body, long declaredLength, String actor) {
        if (name == null || !StoredPackages.NAME.matcher(name).matches()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "'" + name + "' is not a package name: 1 to 32 lower-case"
                    + " letters, digits and '-', starting with a letter.");
        }
        long limit = maxBytes;
        if (declaredLength > limit) {
            throw new VentanaException(ErrorKind.TOO_LARGE, "The bundle is " + declaredLength
                    + " bytes, more than the upload limit of " + limit + " bytes (" + LIMIT + ").");
        }
        Path temp = stored.packageDirectory(name).resolve(".upload-" + UUID.randomUUID());
        Progress progress = new Progress(name);
        log.info("Receiving a bundle of package {} from {}", name, actor);
        try {
            Files.createDirectories(temp);
            var files = new BundleReader(limit, LIMIT).extract(new CountingStream(body, limit, progress::received, LIMIT),
                    temp);
            PackageBundleVerifier.Verified bundle = verifier.verify(name, temp, files, actor);
            readOnly(temp);
            UploadedPackage uploaded = commit(bundle, temp, actor);
            log.info("Version {} of package {} uploaded by {}: {} bytes", uploaded.version(), name, actor,
                    uploaded.sizeBytes());
            return uploaded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            log.info("Upload of a version of package {} by {} refused after {} bytes: {}", name, actor,
                    progress.received, e.getMessage());
            throw e;
        } finally {
            StoredVersions.delete(temp);
        }
    }

    /** The limit in bytes; set from ventana.packages.max-upload, changed only by tests. */
    void maxBytes(long bytes) {
        this.maxBytes = bytes;
    }

    /** One at a time, so that two uploads of the same version cannot both pass the check. */
    private synchronized UploadedPackage commit(PackageBundleVerifier.Verified bundle, Path temp, String actor) {
        String name = bundle.version().name();
        String id = bundle.version().id();
        return transactions.execute(tx -> {
            var existing = catalogue.version(name, id);
            if (existing.isPresent()) {
                throw new VentanaException(ErrorKind.CONFLICT, "Version " + id + " of package '" + name
                        + "' is already present" + (existing.get().deleted() ? " (deleted)." : "."));
            }
            catalogue.register(List.of(bundle.version()));
            events.publishEvent(new PackageEvents.VersionUploaded(actor, name, id, bundle.version().sizeBytes()));
            Path target = temp.resolveSibling(id);
            StoredVersions.delete(target); // unregistered, so a leftover of a failed attempt
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the upload into " + target, e);
            }
            return new UploadedPackage(name, id, bundle.manifest().sha256(), bundle.version().sizeBytes());
        });
    }

    private static void readOnly(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
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
        try (Stream<Path> packages = Files.list(stored.root())) {
            for (Path pkg : packages.filter(Files::isDirectory).toList()) {
                try (Stream<Path> uploads = Files.list(pkg)) {
                    for (Path leftover : uploads.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList()) {
                        log.info("Removing {}, left by an upload the server did not finish", leftover);
                        StoredVersions.delete(leftover);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One upload's progress, logged every few seconds as its bytes arrive. */
    private static final class Progress {
        private final String name;
        private volatile long received;
        private long loggedAt = System.currentTimeMillis();

        Progress(String name) {
            this.name = name;
        }

        void received(long total) {
            received = total;
            long now = System.currentTimeMillis();
            if (now - loggedAt >= LOG_EVERY_MILLIS) {
                loggedAt = now;
                log.info("Upload of a version of package {}: {} bytes received", name, total);
            }
        }
    }
}
