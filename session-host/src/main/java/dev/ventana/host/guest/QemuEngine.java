package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs each guest as its own qemu-system-x86_64 process. On construction it reconciles the run
 * directory: QEMU processes a previous host process left running are re-adopted, and what dead
 * ones left behind (overlays, sockets) is removed.
 */
public final class QemuEngine implements GuestEngine, dev.ventana.host.farm.LaunchCounts {
    private static final Logger log = LoggerFactory.getLogger(QemuEngine.class);
    private static final int ENDED_KEPT = 200;

    private final ImageCatalog images;
    private final QemuEngineContext ctx;
    private final Map<String, QemuGuest> guests = new LinkedHashMap<>();
    private final List<Consumer<GuestInfo>> listeners = new CopyOnWriteArrayList<>();
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    private final VersionFetch fetch;
    /** Null: this engine attaches no packages. */
    private final PackageStore packages;
    private final Templates templates;
    private final DesktopSizes desktopSizes = new DesktopSizes();

    /** An engine that boots only the versions present on this host. */
    public QemuEngine(QemuSettings settings, ImageCatalog images, ObjectMapper json) {
        this(settings, images, json, null);
    }

    /** {@code fetch} brings a missing version from the start request's sources; null for none. */
    public QemuEngine(QemuSettings settings, ImageCatalog images, ObjectMapper json, VersionFetch fetch) {
        this(settings, images, json, fetch, null);
    }

    /** {@code packages}: the application packages guests may get; null for none. */
    public QemuEngine(QemuSettings settings, ImageCatalog images, ObjectMapper json, VersionFetch fetch,
            PackageStore packages) {
        this.images = images;
        this.fetch = fetch;
        this.packages = packages;
        RunDirectory runDirectory = new RunDirectory(settings.runDir(), json);
        Commands commands = new Commands(Duration.ofMinutes(2));
        this.ctx = new QemuEngineContext(settings, json, runDirectory,
                new Disks(settings.dataDir(), settings.dataDiskMiB(), settings.qemuImgBinary(), commands),
                new Accelerator(settings.accel(), Path.of("/dev/kvm")), QemuCommand.probe(settings.qemuBinary()),
                new BootWatch(Duration.ofMillis(200)), new OrderlyStop(settings.powerdownTimeout()),
                new Semaphore(settings.maxConcurrentBoots(), true), this::publish);
        this.templates = new Templates(settings.templatesDir(), ctx, this::templatesInUse);
        reconcile();
        Thread.ofVirtual().name("templates-sweep").start(templates::sweep);
    }

    @Override
    public GuestInfo start(GuestSpec spec) {
        return start(spec, null, null);
    }

    @Override
    public GuestInfo startKept(GuestSpec spec, Path systemDisk) {
        return start(spec, java.util.Objects.requireNonNull(systemDisk).toAbsolutePath(), null);
    }

    @Override
    public GuestInfo startPackaging(GuestSpec spec, PackagingDisks disks) {
        return start(spec, null, new PackagingDisks(disks.scratch().toAbsolutePath(), disks.output().toAbsolutePath()));
    }

    private GuestInfo start(GuestSpec spec, Path systemDisk, PackagingDisks packaging) {
        // A missing version is fetched by the guest's boot, which reports it STARTING meanwhile.
        boolean missing = fetch != null && !spec.sources().isEmpty() && !fetch.isPresent(spec.image(), spec.version());
        ImageVersion image = missing ? null : images.resolve(spec.image(), spec.version());
        if (!spec.packages().isEmpty() && packages == null) {
            throw new GuestException(GuestException.Reason.INVALID, "this host attaches no application packages");
        }
        if (image != null && (spec.packages().isEmpty() || spec.sources().isEmpty() || packages.allPresent(spec.packages()))) {
            // Nothing to fetch: a missing package or a wrong application is told at once, not by a failed boot.
            checkApplication(image, spec.packages().isEmpty() ? List.of() : packages.present(spec.packages()), spec);
        }
        QemuGuest guest;
        synchronized (guests) {
            // QEMU locks the data disk: a second writer of the same user could not open it. Readers
            // share it without the lock, so only writers conflict.
            if (spec.dataDisk() == DataDiskAccess.WRITABLE) {
                for (QemuGuest g : guests.values()) {
                    GuestInfo other = g.info();
                    if (other.user().equals(spec.user()) && !other.state().isFinal()
                            && other.dataDisk() == DataDiskAccess.WRITABLE) {
                        throw new GuestException(GuestException.Reason.CONFLICT, "user " + spec.user()
                                + " already has guest " + g.id() + " on this host with the data disk writable");
                    }
                }
            }
            String id = newId();
            Path dataDisk = spec.dataDisk() == DataDiskAccess.NONE ? null : ctx.disks().ensureDataDisk(spec.user());
            GuestRecord record = new GuestRecord(id, spec.user(), spec.image(), missing ? spec.version() : image.id(),
                    spec.memoryMiB(), spec.vcpus(), ctx.accelerator().choose(), Instant.now(),
                    dataDisk == null ? null : dataDisk.toString(), missing ? 0 : image.screenWidth(),
                    missing ? 0 : image.screenHeight(), spec.application(), spec.network(), spec.dataDisk(),
                    systemDisk == null ? null : systemDisk.toString(), null, spec.packages(), packaging);
            try {
                ctx.runDirectory().create(record);
            } catch (IOException e) {
                throw new GuestException(GuestException.Reason.FAILED, "cannot create the run directory: " + e.getMessage(), e);
            }
            InstantOn instantOn = spec.instantOn() && ctx.settings().instantOn() && systemDisk == null && packaging == null
                    ? new InstantOn(templates, spec.pageSharing()) : null;
            if (instantOn == null) {
                templates.bootedCold();
            }
            guest = QemuGuest.boot(ctx, record, ctx.runDirectory().paths(record),
                    missing ? () -> fetchAndResolve(spec) : () -> image, v -> bringPackages(v, spec), instantOn);
            guests.put(id, guest);
            forgetOldEnded();
        }
        GuestInfo info = guest.info();
        publish(info);
        return info;
    }

    /** On the guest's boot thread: blocks for the whole transfer (see VersionFetch). */
    private ImageVersion fetchAndResolve(GuestSpec spec) throws InterruptedException {
        fetch.fetch(spec.image(), spec.version(), spec.sources());
        return images.resolve(spec.image(), spec.version());
    }

    /** On the guest's boot thread, once its version is here: its packages, fetched where missing. */
    private List<PackageVersion> bringPackages(ImageVersion image, GuestSpec spec) throws InterruptedException {
        List<PackageVersion> here = spec.packages().isEmpty() ? List.of() : packages.bring(spec.packages(), spec.sources());
        checkApplication(image, here, spec);
        return here;
    }

    /** The application to run alone must be the version's or one of the guest's packages'. */
    private static void checkApplication(ImageVersion image, List<PackageVersion> packages, GuestSpec spec) {
        if (spec.application() != null && image.application(spec.application()).isEmpty()
                && PackageStore.publishing(packages, spec.application()).isEmpty()) {
            List<String> offered = new ArrayList<>(image.applications().stream().map(Application::id).toList());
            packages.forEach(p -> p.applications().forEach(a -> offered.add(a.id())));
            String who = packages.isEmpty() ? "it publishes" : "they publish";
            throw new GuestException(GuestException.Reason.INVALID, "image " + image.image() + " version " + image.id()
                    + (packages.isEmpty() ? " publishes" : " and its packages publish") + " no application '"
                    + spec.application() + "' (" + who + " " + (offered.isEmpty() ? "none" : String.join(", ", offered)) + ")");
        }
    }

    @Override
    public GuestInfo stop(String id) {
        return guest(id).stop();
    }

    @Override
    public GuestInfo shutDown(String id, Duration timeout) {
        return guest(id).shutDown(timeout);
    }

    @Override
    public GuestInfo kill(String id, String why) {
        QemuGuest g = guest(id);
        g.kill(why);
        return g.info();
    }

    @Override
    public Optional<GuestInfo> find(String id) {
        synchronized (guests) {
            return Optional.ofNullable(guests.get(id)).map(QemuGuest::info);
        }
    }

    @Override
    public void resizeDesktop(String id, int width, int height) {
        find(id).filter(g -> g.state() == GuestState.RUNNING)
                .ifPresent(g -> desktopSizes.request(id, g.paths().agentSocket(), width, height));
    }

    @Override
    public List<GuestInfo> list() {
        synchronized (guests) {
            return guests.values().stream().map(QemuGuest::info).toList();
        }
    }

    @Override
    public void subscribe(Consumer<GuestInfo> listener) {
        listeners.add(listener);
    }

    /** The accelerator the next boot would use: "kvm" or "tcg". */
    public String nextAccel() {
        return ctx.accelerator().choose();
    }

    @Override
    public void prepareTemplates(List<TemplateRequest> wanted) {
        if (!ctx.settings().instantOn()) {
            return;
        }
        for (TemplateRequest t : wanted) {
            try {
                ImageVersion image = images.resolve(t.image(), t.version());
                if (image.instantOn()) {
                    templates.request(image, new TemplateSpec(t.image(), image.id(), t.memoryMiB(), t.vcpus(), t.network(),
                            t.pageSharing(), ctx.accelerator().choose()));
                }
            } catch (GuestException e) {
                // Not on this host (any more): the server asks for what the last heartbeat listed.
            }
        }
    }

    @Override
    public Launches launches() {
        return templates.counts();
    }

    @Override
    public void close() {
        templates.close();
        synchronized (guests) {
            guests.values().forEach(QemuGuest::detach);
        }
    }

    /** The template directories live guests were restored from: they must stay. */
    private java.util.Set<String> templatesInUse() {
        synchronized (guests) {
            java.util.Set<String> dirs = new java.util.HashSet<>();
            for (QemuGuest g : guests.values()) {
                if (!g.isFinal()) {
                    ctx.runDirectory().read(g.id()).map(GuestRecord::template).ifPresent(dirs::add);
                }
            }
            return dirs;
        }
    }

    private QemuGuest guest(String id) {
        synchronized (guests) {
            QemuGuest g = guests.get(id);
            if (g == null) {
                throw new GuestException(GuestException.Reason.UNKNOWN_GUEST, "no guest " + id + " on this host");
            }
            return g;
        }
    }

    private void publish(GuestInfo info) {
        if (info.state().isFinal()) {
            desktopSizes.forget(info.id());
        }
        for (Consumer<GuestInfo> l : listeners) {
            try {
                l.accept(info);
            } catch (RuntimeException e) {
                log.warn("guest listener failed", e);
            }
        }
    }

    private String newId() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return "g-" + HexFormat.of().formatHex(b);
    }

    private void forgetOldEnded() {
        List<String> ended = new ArrayList<>();
        guests.forEach((id, g) -> {
            if (g.info().state().isFinal()) {
                ended.add(id);
            }
        });
        for (int i = 0; i < ended.size() - ENDED_KEPT; i++) {
            guests.remove(ended.get(i));
        }
    }

    private void reconcile() {
        RunDirectory run = ctx.runDirectory();
        List<String> ids;
        try {
            Files.createDirectories(ctx.settings().runDir());
            ids = run.ids();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the run directory " + ctx.settings().runDir(), e);
        }
        for (String id : ids) {
            Optional<GuestRecord> record = run.read(id);
            OptionalLong pid = run.pid(id);
            Optional<ProcessHandle> live = pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
            Path dir = ctx.settings().runDir().toAbsolutePath().resolve(id);
            boolean ours = live.isPresent() && live.get().isAlive() && isOurQemu(pid.getAsLong(), dir);
            if (record.isPresent() && ours) {
                try {
                    GuestRecord r = record.get();
                    QemuGuest g = QemuGuest.adopt(ctx, r, run.paths(r), live.get());
                    synchronized (guests) {
                        guests.put(id, g);
                    }
                    log.info("re-adopted guest {} of {} (QEMU {})", id, r.user(), pid.getAsLong());
                    continue;
                } catch (IOException e) {
                    log.warn("guest {}: QEMU {} is alive but its QMP socket does not answer; killing it", id,
                            pid.getAsLong());
                    live.get().destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else if (ours) {
                log.warn("guest {}: QEMU {} runs without a guest record; killing it", id, pid.getAsLong());
                live.get().destroyForcibly();
            }
            try {
                live.filter(h -> ours).ifPresent(h -> h.onExit().join());
                run.delete(id);
                log.info("cleaned up the leftovers of dead guest {}", id);
            } catch (IOException e) {
                log.warn("could not clean up guest {}: {}", id, e.getMessage());
            }
        }
    }

    /** Guards against a recycled pid: the process must be QEMU running from this guest's directory. */
    private static boolean isOurQemu(long pid, Path dir) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            return cmdline.contains("qemu-system") && cmdline.contains(dir + "/qmp.sock");
        } catch (IOException e) {
            return false;
        }
    }

}
