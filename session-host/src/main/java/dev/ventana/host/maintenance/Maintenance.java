package dev.ventana.host.maintenance;

import dev.ventana.host.guest.Commands;
import dev.ventana.host.guest.DataDiskAccess;
import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestNetwork;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.ImageVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Maintenance guests (docs/session-host.md, "Maintenance"): an image version booted with a
 * system disk that is kept, no data disk and outbound NAT, for an admin to change; sealed into a
 * new version or discarded. One per image on this host. The system disk and the work record live
 * in {@code <images>/<image>/.maintenance-<token>/}, on the versions' file system, so the disk's
 * relative backing path is the same there as in a version directory and sealing moves no data.
 */
public final class Maintenance {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    private static final String PREFIX = ".maintenance-";

    private final Path imagesDir;
    private final GuestEngine engine;
    private final ImageCatalog catalog;
    private final Sealer sealer;
    private final WorkRecords<MaintenanceWork> records;
    private final Duration shutdownTimeout;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    Maintenance(Path imagesDir, GuestEngine engine, ImageCatalog catalog, Sealer sealer, ObjectMapper json,
            Duration shutdownTimeout) {
        this.imagesDir = imagesDir.toAbsolutePath();
        this.engine = engine;
        this.catalog = catalog;
        this.sealer = sealer;
        this.records = new WorkRecords<>(this.imagesDir, p -> true, PREFIX, MaintenanceWork.class, json);
        this.shutdownTimeout = shutdownTimeout;
    }

    /** The whole of it: for the bean, and for tests, which shorten the chain and the shutdown wait. */
    static Maintenance create(Path imagesDir, GuestEngine engine, ImageCatalog images, ObjectMapper json,
            String qemuImg, int maxChain, Duration shutdownTimeout) {
        Commands tools = new Commands(Duration.ofHours(1));
        Sealer sealer = new Sealer(tools, qemuImg, new BootFiles(tools, qemuImg, "qemu-storage-daemon"),
                new Manifests(json), json, maxChain);
        return new Maintenance(imagesDir, engine, images, sealer, json, shutdownTimeout);
    }

    /** The answer to a seal. */
    public record Sealed(String version, String parent, long sizeBytes, double sealSeconds) {
    }

    /** Boots a maintenance guest of {@code version} (null: the current one) for {@code admin}. */
    public synchronized GuestInfo start(String image, String version, String admin, int memoryMiB, int vcpus) {
        GuestSpec spec = new GuestSpec(admin, image, version, memoryMiB, vcpus, null, GuestNetwork.NAT,
                DataDiskAccess.NONE);
        ImageVersion v = catalog.resolve(spec.image(), spec.version());
        for (WorkRecords.Found<MaintenanceWork> f : records.all()) {
            if (f.work().image().equals(image)) {
                throw new GuestException(GuestException.Reason.CONFLICT, "image " + image + " already has maintenance guest "
                        + f.work().guestId() + " on this host, started by " + f.work().admin() + " at "
                        + f.work().startedAt() + ": seal or discard it first");
            }
        }
        Path dir = imagesDir.resolve(image).resolve(PREFIX + HexFormat.of().formatHex(token()));
        try {
            Files.createDirectories(dir);
            GuestInfo guest = engine.startKept(new GuestSpec(admin, image, v.id(), memoryMiB, vcpus, null,
                    GuestNetwork.NAT, DataDiskAccess.NONE), dir.resolve("system.qcow2"));
            records.write(dir, new MaintenanceWork(guest.id(), image, v.id(), admin, Instant.now()));
            log.info("maintenance guest {} of image {} version {} started for {}", guest.id(), image, v.id(), admin);
            return guest;
        } catch (IOException e) {
            Sealer.deleteTree(dir);
            throw new GuestException(GuestException.Reason.FAILED, "cannot start maintenance: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Sealer.deleteTree(dir);
            throw e;
        }
    }

    /**
     * Shuts the guest down in an orderly way (it keeps running, and this fails, when it does not
     * within the timeout) and seals its system disk as a new version.
     */
    public Sealed seal(String guestId, String title, String note, String createdBy) {
        String t = title == null ? "" : title.strip();
        String n = note == null ? "" : note.strip();
        require(!t.isEmpty() && t.length() <= 100, "title must be 1-100 characters");
        require(n.length() <= 1000, "note must be at most 1000 characters");
        require(createdBy != null && createdBy.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}"),
                "createdBy must be a user name: 1-64 letters, digits, '.', '_', '@' or '-'");
        WorkRecords.Found<MaintenanceWork> f = find(guestId);
        lock(guestId);
        try {
            shutDown(guestId);
            Sealer.Sealed s = sealer.seal(imagesDir.resolve(f.work().image()), f.work().version(),
                    f.dir().resolve("system.qcow2"), new Sealer.Label(t, n, createdBy));
            Sealer.deleteTree(f.dir());
            log.info("maintenance guest {} sealed as version {} of {} by {}", guestId, s.version(), f.work().image(),
                    createdBy);
            return new Sealed(s.version(), s.parent(), s.sizeBytes(), s.sealSeconds());
        } finally {
            busy.remove(guestId);
        }
    }

    /** Ends the guest at once and throws its system disk away. */
    public void discard(String guestId) {
        WorkRecords.Found<MaintenanceWork> f = find(guestId);
        lock(guestId);
        try {
            engine.find(guestId).filter(g -> !g.state().isFinal()).ifPresent(g -> {
                // Asked for, so the guest ends STOPPED: killed without a stop it would end FAILED,
                // and a heartbeat that told the server so before the discard's answer failed the session.
                engine.stop(guestId);
                engine.kill(guestId, "maintenance discarded");
            });
            Sealer.deleteTree(f.dir());
            log.info("maintenance guest {} of image {} discarded", guestId, f.work().image());
        } finally {
            busy.remove(guestId);
        }
    }

    /** The maintenance work present on this host, live guests or ended ones not yet sealed. */
    public List<MaintenanceWork> list() {
        return records.all().stream().map(WorkRecords.Found::work).toList();
    }

    private void shutDown(String guestId) {
        Optional<GuestInfo> g = engine.find(guestId);
        if (g.isEmpty() || g.get().state().isFinal()) {
            return; // shut down from inside, or the host restarted after it ended: its disk is all there is
        }
        log.info("maintenance guest {}: shutting down to seal", guestId);
        GuestInfo ended = engine.shutDown(guestId, shutdownTimeout);
        log.info("maintenance guest {}: {} ({})", guestId, ended.state(), ended.reason());
    }

    private void lock(String guestId) {
        if (!busy.add(guestId)) {
            throw new GuestException(GuestException.Reason.CONFLICT, "maintenance guest " + guestId
                    + " is being sealed or discarded already");
        }
    }

    private WorkRecords.Found<MaintenanceWork> find(String guestId) {
        return records.all().stream().filter(f -> f.work().guestId().equals(guestId)).findFirst().orElseThrow(
                () -> new GuestException(GuestException.Reason.UNKNOWN_GUEST, "no maintenance guest " + guestId
                        + " on this host"));
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
