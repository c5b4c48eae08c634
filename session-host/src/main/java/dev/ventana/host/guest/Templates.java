package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's warm templates (docs/session-host.md, "Instant-on"): one directory per key under
 * {@code <templates>/<image>/<version>/}, the key a digest of everything a clone must share with
 * its template (QEMU's version and the template's whole command line, so a new device makes new
 * templates). Templates are made on one worker thread, one at a time, each holding a boot slot;
 * a key whose making failed {@link #MAX_ATTEMPTS} times is not tried again until the host
 * restarts. Thread-safe: the maps are guarded by the object's lock, the work runs outside it.
 */
final class Templates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Templates.class);
    static final int MAX_ATTEMPTS = 3;
    /** A superseded template that no launch used this long is removed once no guest runs on it. */
    private static final Duration SUPERSEDED_IDLE = Duration.ofHours(1);

    private final Path root;
    private final QemuEngineContext ctx;
    private final TemplateMaker maker;
    private final Supplier<Set<String>> inUse;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("templates").factory());
    private final Set<Path> making = new HashSet<>();
    private final Map<Path, Integer> failures = new HashMap<>();
    private final Map<Path, Instant> lastUsed = new HashMap<>();
    private final AtomicLong restored = new AtomicLong();
    private final AtomicLong coldBoots = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();
    private String qemuVersion;

    /** {@code inUse}: the template directories live guests were restored from. */
    Templates(Path root, QemuEngineContext ctx, Supplier<Set<String>> inUse) {
        this.root = root.toAbsolutePath();
        this.ctx = ctx;
        this.maker = new TemplateMaker(ctx);
        this.inUse = inUse;
    }

    /** The spec {@code guest} restores from, under the accelerator the host boots with now. */
    static TemplateSpec specOf(GuestInfo guest, String version, boolean pageSharing, String accel) {
        return new TemplateSpec(guest.image(), version, guest.memoryMiB(), guest.vcpus(), guest.network(), pageSharing,
                accel);
    }

    /** The made template of {@code spec}, if there is one; noted as used, so it is not retired. */
    synchronized Optional<Template> ready(ImageVersion image, TemplateSpec spec) {
        Path dir = dirOf(image, spec);
        if (!Files.isRegularFile(dir.resolve("template.json"))) {
            return Optional.empty();
        }
        lastUsed.put(dir, Instant.now());
        return Optional.of(new Template(dir, spec));
    }

    /**
     * Makes the template of {@code spec} in the background unless it is made, being made or given
     * up on; a made one counts as used now.
     */
    synchronized void request(ImageVersion image, TemplateSpec spec) {
        Path dir = dirOf(image, spec);
        if (Files.exists(dir)) {
            lastUsed.put(dir, Instant.now()); // wanted: not to be retired
            return;
        }
        if (making.contains(dir) || failures.getOrDefault(dir, 0) >= MAX_ATTEMPTS) {
            return;
        }
        making.add(dir);
        worker.execute(() -> make(image, spec, dir));
    }

    private void make(ImageVersion image, TemplateSpec spec, Path dir) {
        boolean slot = false;
        TemplateSpec retry = null;
        try {
            ctx.bootSlots().acquire();
            slot = true;
            maker.make(image, spec, dir);
            synchronized (this) {
                failures.remove(dir);
                lastUsed.put(dir, Instant.now());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            int n;
            synchronized (this) {
                n = failures.merge(dir, 1, Integer::sum);
            }
            log.warn("template {} of {}/{} could not be made (attempt {} of {}): {}; its launches boot cold meanwhile",
                    dir.getFileName(), image.image(), image.id(), n, MAX_ATTEMPTS, e.getMessage());
            if (ctx.accelerator().probing(spec.accel()) && ctx.accelerator().mayFallBack()) {
                // The template's boot was this host's first under KVM, and it failed: as after a
                // guest's failed probe, the host falls back to TCG, and the template is made under it.
                ctx.accelerator().kvmHangs("template " + dir.getFileName(), "failed its boot (" + e.getMessage() + ")");
                retry = new TemplateSpec(spec.image(), spec.version(), spec.memoryMiB(), spec.vcpus(), spec.network(),
                        spec.pageSharing(), ctx.accelerator().choose());
            }
        } finally {
            if (slot) {
                ctx.bootSlots().release();
            }
            synchronized (this) {
                making.remove(dir);
            }
        }
        if (retry != null) {
            request(image, retry);
        }
        sweep();
    }

    /**
     * A restore from {@code t} failed: the launch boots cold, and the template is moved aside (and
     * deleted once no guest runs on it), so the next launch makes a new one instead of failing again.
     */
    void broken(Template t, String guest, String why) {
        fallbacks.incrementAndGet();
        log.warn("guest {}: the restore from template {} failed ({}); booting it cold instead, and the template is discarded",
                guest, t.dir().getFileName(), why);
        try {
            Files.move(t.dir(), t.dir().resolveSibling(".broken-" + t.dir().getFileName() + "-" + System.nanoTime()),
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("template {} could not be moved aside: {}", t.dir(), e.getMessage());
        }
    }

    void restored() {
        restored.incrementAndGet();
    }

    void bootedCold() {
        coldBoots.incrementAndGet();
    }

    /** Launches since the host started (see LaunchCounts). */
    dev.ventana.host.farm.LaunchCounts.Launches counts() {
        return new dev.ventana.host.farm.LaunchCounts.Launches(restored.get(), coldBoots.get(), fallbacks.get());
    }

    /**
     * Removes, once no live guest runs on them: broken templates, templates of versions no longer
     * on this host, and templates a newer version's template of the same shape superseded that no
     * launch used for {@link #SUPERSEDED_IDLE}.
     */
    void sweep() {
        Set<String> used = inUse.get();
        try (Stream<Path> images = list(root)) {
            for (Path imageDir : images.toList()) {
                for (Path versionDir : list(imageDir).toList()) {
                    for (Path dir : list(versionDir).toList()) {
                        if (!used.contains(dir.toString()) && retired(dir)) {
                            FileTrees.delete(dir);
                            log.info("template {} of {}/{} removed", dir.getFileName(), imageDir.getFileName(),
                                    versionDir.getFileName());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not sweep the templates in {}: {}", root, e.getMessage());
        }
    }

    private boolean retired(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        if (name.startsWith(".broken-")) {
            return true;
        }
        if (name.startsWith(".") || !Files.isRegularFile(dir.resolve("template.json"))) {
            return false; // being made
        }
        var info = ctx.json().readTree(dir.resolve("template.json").toFile());
        if (!Files.isRegularFile(Path.of(info.path("versionDir").asString("/nonexistent"), "manifest.json"))) {
            return true;
        }
        synchronized (this) {
            Instant used = lastUsed.getOrDefault(dir, Instant.EPOCH);
            return used.isBefore(Instant.now().minus(SUPERSEDED_IDLE)) && superseded(dir, info);
        }
    }

    /** A template of a newer version of the same image, in the same shape, is made. */
    private boolean superseded(Path dir, tools.jackson.databind.JsonNode info) throws IOException {
        Path imageDir = dir.getParent().getParent();
        Instant made = Instant.parse(info.path("madeAt").asString());
        try (Stream<Path> versions = list(imageDir)) {
            for (Path v : versions.filter(v -> !v.equals(dir.getParent())).toList()) {
                for (Path other : list(v).toList()) {
                    Path json = other.resolve("template.json");
                    if (Files.isRegularFile(json)) {
                        var o = ctx.json().readTree(json.toFile());
                        if (o.path("shape").equals(info.path("shape")) && Instant.parse(o.path("madeAt").asString()).isAfter(made)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static Stream<Path> list(Path dir) throws IOException {
        return Files.isDirectory(dir) ? Files.list(dir).filter(Files::isDirectory) : Stream.empty();
    }

    /** {@code <templates>/<image>/<version>/<key>}. */
    private Path dirOf(ImageVersion image, TemplateSpec spec) {
        Path t = Path.of("/template");
        List<String> argv = TemplateMaker.argv(ctx, image, t, new Template(t, spec));
        String key = ImageCatalog.sha256Hex((qemuVersion() + "\n" + image.sha256() + "\n" + String.join("\n", argv))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
        return root.resolve(image.image()).resolve(image.id()).resolve(key);
    }

    private synchronized String qemuVersion() {
        if (qemuVersion == null) {
            // A new QEMU may not load an old QEMU's saved state: its templates are others.
            qemuVersion = new Commands(Duration.ofSeconds(10)).output(List.of(ctx.settings().qemuBinary(), "--version"));
        }
        return qemuVersion;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
