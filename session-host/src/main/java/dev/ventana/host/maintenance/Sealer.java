package dev.ventana.host.maintenance;

import dev.ventana.host.guest.Commands;
import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.ImageVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns a maintenance guest's system disk (a qcow2 overlay on its parent version's base) into a
 * new version directory beside the parent: the overlay becomes the new version's base.qcow2, a
 * layer whose backing file is the relative {@code ../<parent>/base.qcow2}, so the parent's base
 * is never copied (nor an unchanged kernel: see linkOrCopy). A chain longer than {@code maxChain} layers is flattened into a full base
 * instead. The directory is built under a staging name and renamed into place, so a version
 * directory is either complete or absent (docs/session-host.md, "Maintenance").
 */
final class Sealer {
    private static final Logger log = LoggerFactory.getLogger(Sealer.class);
    static final int MAX_CHAIN = 8;
    private static final List<String> COPIED = List.of("cmdline", "screen", "applications");

    private final Commands tools;
    private final String qemuImg;
    private final BootFiles bootFiles;
    private final Manifests manifests;
    private final ObjectMapper json;
    private final int maxChain;

    Sealer(Commands tools, String qemuImg, BootFiles bootFiles, Manifests manifests, ObjectMapper json, int maxChain) {
        if (maxChain < 1) {
            throw new IllegalArgumentException("maxChain must be at least 1");
        }
        this.tools = tools;
        this.qemuImg = qemuImg;
        this.bootFiles = bootFiles;
        this.manifests = manifests;
        this.json = json;
        this.maxChain = maxChain;
    }

    /** What the admin names the new version. */
    record Label(String title, String note, String createdBy) {
    }

    /** The new version: its id, the parent it is layered on (null when flattened), its own files' size. */
    record Sealed(String version, String parent, long sizeBytes, double sealSeconds) {
    }

    /**
     * Seals {@code overlay} (the guest has ended) as a new version of the image in {@code imageDir}
     * whose parent is version {@code parent}. The overlay is consumed: linked or converted into the
     * new version; the caller removes what is left of it.
     */
    Sealed seal(Path imageDir, String parent, Path overlay, Label label) {
        long started = System.nanoTime();
        Path parentDir = imageDir.resolve(parent);
        Path staging = imageDir.resolve(".staging-" + HexFormat.of().formatHex(randomBytes()));
        try {
            JsonNode parentManifest = json.readTree(Files.readAllBytes(parentDir.resolve("manifest.json")));
            int depth = chainLength(imageDir, parent);
            Files.createDirectories(staging);
            Path base = staging.resolve("base.qcow2");
            boolean flatten = depth + 1 > maxChain;
            if (flatten) {
                log.info("sealing {}: the chain would be {} layers (max {}): flattening into a full base", overlay,
                        depth + 1, maxChain);
                withProgress("flattening into " + base, base, () -> tools.output(List.of(qemuImg, "convert", "-O", "qcow2",
                        overlay.toString(), base.toString())));
            } else {
                log.info("sealing {}: a layer on {} (chain of {} layers)", overlay, parent, depth + 1);
                // Rebased in place: from the overlay's directory beside the versions, ../<parent>
                // names the very file it was made on, so only the recorded path changes.
                tools.output(List.of(qemuImg, "rebase", "-u", "-F", "qcow2", "-b", "../" + parent + "/base.qcow2",
                        overlay.toString()));
                Files.createLink(base, overlay);
            }
            boolean ownKernel = bootFiles(overlay, parentDir, staging);
            for (String name : COPIED) {
                if (Files.isRegularFile(parentDir.resolve(name))) {
                    Files.copy(parentDir.resolve(name), staging.resolve(name));
                }
            }
            Path cmdline = staging.resolve("cmdline");
            if (ownKernel && Files.isRegularFile(cmdline) && !Files.readString(cmdline).contains("root=")) {
                // A distribution's initrd (initramfs-tools) mounts what root= names; the images'
                // own initrd mounts /dev/vda whatever the command line says.
                Files.writeString(cmdline, Files.readString(cmdline).strip() + " root=/dev/vda rw\n");
            }
            log.info("sealing {}: hashing the new version's files", overlay);
            String id = manifests.write(staging, parentManifest, new ImageVersion.Origin(flatten ? null : parent,
                    label.title(), label.note(), "maintenance", label.createdBy(), Instant.now()));
            long size = 0;
            for (Path f : Manifests.ownFiles(staging)) {
                size += Files.size(f);
                f.toFile().setReadOnly();
            }
            Path dir = imageDir.resolve(id);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            double seconds = (System.nanoTime() - started) / 1e9;
            log.info("sealed version {} of {} in {} s ({} bytes of its own{})", id, imageDir.getFileName(),
                    String.format("%.1f", seconds), size, flatten ? ", flattened" : ", layered on " + parent);
            return new Sealed(id, flatten ? null : parent, size, Math.round(seconds * 10) / 10.0);
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot seal " + overlay + ": " + e.getMessage(), e);
        } finally {
            deleteTree(staging);
        }
    }

    /** Layers from {@code version} down to its full base: 1 for a built version. */
    int chainLength(Path imageDir, String version) throws IOException {
        int n = 0;
        for (String v = version; v != null; n++) {
            if (n > 64) {
                throw new IOException("the parent chain of " + version + " loops");
            }
            Path manifest = imageDir.resolve(v).resolve("manifest.json");
            if (!Files.isRegularFile(manifest)) {
                throw new IOException("version " + v + " in the parent chain of " + version + " is missing");
            }
            JsonNode parent = json.readTree(Files.readAllBytes(manifest)).path("parent");
            v = parent.isString() ? parent.asString() : null;
        }
        return n;
    }

    /**
     * The kernel and initrd of the system disk's /boot when the admin changed the kernel there (it
     * differs from the parent's); the parent's otherwise. A Debian kernel update installs both.
     * Whether the version has a kernel of its own.
     */
    private boolean bootFiles(Path overlay, Path parentDir, Path staging) throws IOException {
        Path kernel = staging.resolve("vmlinuz");
        Path initrd = staging.resolve("initrd.gz");
        Path work = staging.resolve(".boot");
        log.info("sealing {}: looking for a kernel in its /boot", overlay);
        var found = bootFiles.extract(overlay, work, kernel, initrd);
        boolean own = found.isPresent()
                && !ImageCatalog.sha256Hex(kernel).equals(ImageCatalog.sha256Hex(parentDir.resolve("vmlinuz")));
        if (own) {
            log.info("sealing {}: the new version boots {} and {} from its /boot", overlay, found.get().kernel(),
                    found.get().initrd());
        } else {
            Files.deleteIfExists(kernel);
            Files.deleteIfExists(initrd);
            linkOrCopy(parentDir.resolve("vmlinuz"), kernel);
            linkOrCopy(parentDir.resolve("initrd.gz"), initrd);
        }
        deleteTree(work);
        return own;
    }

    /**
     * The parent's unchanged kernel or initrd as a hard link, as a host that fetches the version
     * takes them: versions are never modified, and a copy would cost a desktop's tens of MB per seal.
     */
    private static void linkOrCopy(Path parentFile, Path target) throws IOException {
        try {
            Files.createLink(target, parentFile);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(parentFile, target);
        }
    }

    /** Runs a slow step, logging the size of what it writes every 10 s. */
    private static void withProgress(String what, Path output, Runnable step) {
        AtomicBoolean done = new AtomicBoolean();
        long started = System.nanoTime();
        Thread reporter = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                try {
                    Thread.sleep(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    return;
                }
                long bytes = output.toFile().length();
                log.info("{}: {} MiB written after {} s", what, bytes >> 20, (System.nanoTime() - started) / 1_000_000_000);
            }
        });
        try {
            step.run();
        } finally {
            done.set(true);
            reporter.interrupt();
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }
}
