package dev.ventana.host.maintenance;

import dev.ventana.host.guest.DataDiskAccess;
import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestNetwork;
import dev.ventana.host.guest.GuestPackage;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.ImageVersion;
import dev.ventana.host.guest.PackagingChannel;
import dev.ventana.host.guest.PackagingDisks;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Packaging guests (docs/session-host.md, "Packaging"): an image version booted cold with outbound
 * NAT, no data disk, {@code ventana.packaging=1} and two empty disks, for an admin to install an
 * application in; its agent lists what the installation added to the menu (scan) and seals the
 * installation's layer as a squashfs onto the output disk, which becomes a new version of the
 * package (seal). One per package name on this host. The disks and the work record live in
 * {@code <packages>/<name>/.packaging-<token>/}; {@code PackageCatalog} lists only 16-hex
 * directories, so none of it is offered as a version.
 */
public final class Packaging {
    private static final Logger log = LoggerFactory.getLogger(Packaging.class);
    private static final String PREFIX = ".packaging-";
    static final long SCRATCH_BYTES = 8L << 30;

    private final Path packagesDir;
    private final GuestEngine engine;
    private final ImageCatalog catalog;
    private final PackagingChannel channel;
    private final PackageWriter writer;
    private final WorkRecords<PackagingWork> records;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    Packaging(Path packagesDir, GuestEngine engine, ImageCatalog catalog, PackagingChannel channel, ObjectMapper json) {
        this.packagesDir = packagesDir.toAbsolutePath();
        this.engine = engine;
        this.catalog = catalog;
        this.channel = channel;
        this.writer = new PackageWriter(json);
        this.records = new WorkRecords<>(this.packagesDir,
                p -> GuestPackage.NAME.matcher(p.getFileName().toString()).matches(), PREFIX, PackagingWork.class, json);
    }

    /** The answer to a scan: what the installation added to the menu. */
    public record Scan(List<PackagingChannel.Entry> entries) {
    }

    /** The answer to a seal: the new version of the package. */
    public record Sealed(String name, String version, String sha256, long sizeBytes, double sealSeconds) {
    }

    /** Boots a packaging guest of {@code version} (null: the current one) for {@code admin}, to make package {@code name}. */
    public synchronized GuestInfo start(String name, String image, String version, String admin, int memoryMiB, int vcpus) {
        require(name != null && GuestPackage.NAME.matcher(name).matches(),
                "name must be a package name: a lower-case letter, then up to 31 lower-case letters, digits or '-'");
        GuestSpec asked = new GuestSpec(admin, image, version, memoryMiB, vcpus, null, GuestNetwork.NAT, DataDiskAccess.NONE);
        ImageVersion v = catalog.resolve(asked.image(), asked.version());
        for (WorkRecords.Found<PackagingWork> f : records.all()) {
            if (f.work().name().equals(name)) {
                throw new GuestException(GuestException.Reason.CONFLICT, "package " + name + " already has packaging guest "
                        + f.work().guestId() + " on this host, started by " + f.work().admin() + " at "
                        + f.work().startedAt() + ": seal or discard it first");
            }
        }
        Path dir = packagesDir.resolve(name).resolve(PREFIX + HexFormat.of().formatHex(token()));
        try {
            Files.createDirectories(dir);
            PackagingDisks disks = new PackagingDisks(dir.resolve("scratch.raw"), dir.resolve("output.raw"));
            sparse(disks.scratch(), SCRATCH_BYTES);
            sparse(disks.output(), PackageWriter.OUTPUT_BYTES);
            GuestInfo guest = engine.startPackaging(new GuestSpec(admin, image, v.id(), memoryMiB, vcpus, null,
                    GuestNetwork.NAT, DataDiskAccess.NONE), disks);
            records.write(dir, new PackagingWork(guest.id(), name, image, v.id(), admin, Instant.now()));
            log.info("packaging guest {} of package {} on image {} version {} started for {}", guest.id(), name, image,
                    v.id(), admin);
            return guest;
        } catch (IOException e) {
            Sealer.deleteTree(dir);
            throw new GuestException(GuestException.Reason.FAILED, "cannot start packaging: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Sealer.deleteTree(dir);
            throw e;
        }
    }

    /** The packaging work present on this host, live guests or ended ones not yet discarded. */
    public List<PackagingWork> list() {
        return records.all().stream().map(WorkRecords.Found::work).toList();
    }

    /** What the installation added to the guest's menu so far (PACKAGE-SCAN). */
    public Scan scan(String guestId) {
        find(guestId);
        lock(guestId);
        try {
            return new Scan(channel.scan(guestId, running(guestId).paths().agentSocket()));
        } finally {
            busy.remove(guestId);
        }
    }

    /**
     * Seals the installation as a new version of the package: the guest writes the squashfs
     * (PACKAGE-SEAL), the host checks it, ends the guest, copies it into the version directory
     * and deletes the work. When the guest refuses, or writes no squashfs, the guest keeps running.
     */
    public Sealed seal(String guestId, String title, String note, String createdBy, List<PackageApplication> applications) {
        long started = System.nanoTime();
        String t = title == null ? "" : title.strip();
        String n = note == null ? "" : note.strip();
        require(!t.isEmpty() && t.length() <= 100, "title must be 1-100 characters");
        require(n.length() <= 1000, "note must be at most 1000 characters");
        require(createdBy != null && createdBy.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}"),
                "createdBy must be a user name: 1-64 letters, digits, '.', '_', '@' or '-'");
        List<PackageApplication> apps = PackageApplication.checked(applications);
        WorkRecords.Found<PackagingWork> f = find(guestId);
        lock(guestId);
        try {
            GuestInfo guest = running(guestId);
            PackagingChannel.Sealed s = channel.seal(guestId, guest.paths().agentSocket(), PackageApplication.file(apps));
            Path output = f.dir().resolve("output.raw");
            long bytes = PackageWriter.squashfsBytes(output, s.bytesUsed());
            end(guestId, "packaging sealed");
            PackagingWork w = f.work();
            PackageWriter.Written v = writer.write(packagesDir.resolve(w.name()), w.name(), output, bytes,
                    new PackageWriter.Label(t, n, createdBy), new PackageWriter.MadeFor(w.image(), w.version(), s.os()),
                    apps, Instant.now());
            Sealer.deleteTree(f.dir());
            double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
            log.info("packaging guest {} sealed as version {} of package {} ({} bytes, {} s) by {}", guestId, v.version(),
                    w.name(), v.sizeBytes(), seconds, createdBy);
            return new Sealed(w.name(), v.version(), v.sha256(), v.sizeBytes(), seconds);
        } finally {
            busy.remove(guestId);
        }
    }

    /** Ends the guest at once and throws its disks away. */
    public void discard(String guestId) {
        WorkRecords.Found<PackagingWork> f = find(guestId);
        lock(guestId);
        try {
            end(guestId, "packaging discarded");
            Sealer.deleteTree(f.dir());
            log.info("packaging guest {} of package {} discarded", guestId, f.work().name());
        } finally {
            busy.remove(guestId);
        }
    }

    /**
     * Asked for, so the guest ends STOPPED: killed without a stop it would end FAILED, and a
     * heartbeat that told the server so before the answer would fail the session.
     */
    private void end(String guestId, String why) {
        engine.find(guestId).filter(g -> !g.state().isFinal()).ifPresent(g -> {
            engine.stop(guestId);
            engine.kill(guestId, why);
        });
    }

    private GuestInfo running(String guestId) {
        GuestInfo g = engine.find(guestId).orElseThrow(() -> new GuestException(GuestException.Reason.CONFLICT,
                "packaging guest " + guestId + " is not running any more: discard it and start again"));
        if (g.state() != GuestState.RUNNING) {
            throw new GuestException(GuestException.Reason.CONFLICT, "packaging guest " + guestId + " is " + g.state()
                    + ", not RUNNING" + (g.state().isFinal() ? ": discard it and start again" : ""));
        }
        return g;
    }

    private void lock(String guestId) {
        if (!busy.add(guestId)) {
            throw new GuestException(GuestException.Reason.CONFLICT, "packaging guest " + guestId
                    + " is being scanned, sealed or discarded already");
        }
    }

    private WorkRecords.Found<PackagingWork> find(String guestId) {
        return records.all().stream().filter(f -> f.work().guestId().equals(guestId)).findFirst().orElseThrow(
                () -> new GuestException(GuestException.Reason.UNKNOWN_GUEST, "no packaging guest " + guestId
                        + " on this host"));
    }

    /** An empty disk of {@code bytes} that takes no room until the guest writes it. */
    private static void sparse(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }

    private static byte[] token() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new GuestException(GuestException.Reason.INVALID, message);
        }
    }
}
