package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one template: boots the version with {@code ventana.template=1} and no user's data disk,
 * waits until its agent says READY (which it says only once the kernel's random generator is
 * initialised, so that vmgenid reseeds it in each clone), then pauses and saves it. Everything is
 * written into a staging directory beside the template's and renamed into place last, so a
 * template directory is always complete. The boot's sockets live in the run directory
 * ({@code t-<key>}), where a host restart cleans up what a crash left.
 */
final class TemplateMaker {
    private static final Logger log = LoggerFactory.getLogger(TemplateMaker.class);
    private static final Duration SAVE = Duration.ofMinutes(2);

    private final QemuEngineContext ctx;

    TemplateMaker(QemuEngineContext ctx) {
        this.ctx = ctx;
    }

    /** Makes the template of {@code spec} in {@code dir} (which must not exist); blocks for the whole boot. */
    Template make(ImageVersion image, TemplateSpec spec, Path dir) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path staging = dir.resolveSibling(".making-" + dir.getFileName() + "-" + ProcessHandle.current().pid());
        FileTrees.delete(staging);
        Files.createDirectories(staging);
        Template t = new Template(staging, spec);
        String runId = "t-" + dir.getFileName();
        Path run = ctx.settings().runDir().toAbsolutePath().resolve(runId);
        Process qemu = null;
        try {
            ctx.disks().createOverlay(image, t.disk());
            Files.createDirectories(run);
            GuestInfo.Paths paths = paths(run, t);
            List<String> argv = argv(ctx, image, run, t);
            Process p = ctx.command().start(argv, run.resolve("qemu.log"));
            qemu = p;
            double uptime;
            try (QmpConnection qmp = QmpConnection.await(paths.qmpSocket(), ctx.json(), e -> { }, Duration.ofSeconds(15),
                    p::isAlive)) {
                uptime = awaitReady(paths, p, spec.accel());
                Migration.save(qmp, t.state(), spec.pageSharing(), SAVE);
                qmp.execute("quit", Map.of(), QmpConnection.COMMAND_TIMEOUT);
            }
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            // Every clone's overlay is layered on this disk and restores memory that has it cached:
            // one write to it would silently corrupt them all.
            t.disk().toFile().setReadOnly();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("image", image.image());
            info.put("version", image.id());
            info.put("versionSha256", image.sha256());
            info.put("versionDir", image.dir().toAbsolutePath().toString());
            info.put("spec", spec);
            info.put("shape", spec.shape());
            info.put("argv", argv);
            info.put("guestUptimeSeconds", uptime);
            info.put("madeAt", Instant.now().toString());
            Files.write(t.info(), ctx.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            log.info("template {} of {}/{} made in {} s ({} MiB, {} vCPU, {}, {}; the guest was ready {} s after its kernel started)",
                    dir.getFileName(), image.image(), image.id(), String.format("%.1f", (System.nanoTime() - started) / 1e9),
                    spec.memoryMiB(), spec.vcpus(), spec.accel(), spec.pageSharing() ? "page sharing" : "private copies",
                    uptime);
            return new Template(dir, spec);
        } finally {
            if (qemu != null && !Commands.killAndWait(qemu.toHandle(), Duration.ofSeconds(5))) {
                log.warn("template {}: QEMU {} survived SIGKILL", dir.getFileName(), qemu.pid());
            }
            ctx.runDirectory().remove(runId);
            FileTrees.delete(staging);
        }
    }

    /**
     * The command line of the template's boot, its sockets in {@code run} and its disk the
     * template's. Templates' keys digest it with placeholder directories, so the key and the boot
     * are one command line.
     */
    static List<String> argv(QemuEngineContext ctx, ImageVersion image, Path run, Template t) {
        TemplateSpec spec = t.spec();
        GuestRecord r = new GuestRecord(run.getFileName().toString(), "template", image.image(), image.id(),
                spec.memoryMiB(), spec.vcpus(), spec.accel(), Instant.EPOCH, null, image.screenWidth(),
                image.screenHeight(), null, spec.network(), DataDiskAccess.NONE);
        return ctx.command().argv(r, image, paths(run, t), spec.accel(), run.resolve("qemu.pid"), t, false);
    }

    private static GuestInfo.Paths paths(Path run, Template t) {
        return new GuestInfo.Paths(run, run.resolve("vnc.sock"), run.resolve("qmp.sock"), run.resolve("serial.sock"),
                run.resolve("console.log"), t.disk(), null);
    }

    /** The agent's READY; an image whose agent never says it makes no template. */
    private double awaitReady(GuestInfo.Paths paths, Process qemu, String accel) throws IOException, InterruptedException {
        // KVM on probation: where it is broken a boot hangs, and the probe's limit says so sooner.
        Duration limit = ctx.accelerator().probing(accel) ? ctx.settings().kvmProbe() : ctx.settings().bootTimeout();
        long deadline = System.nanoTime() + limit.toNanos();
        try (GuestChannel channel = GuestChannel.connect(paths.agentSocket(), Duration.ofSeconds(15))) {
            while (System.nanoTime() < deadline && qemu.isAlive()) {
                Optional<GuestChannel.Message> m = channel.next(Duration.ofMillis(500));
                if (m.orElse(null) instanceof GuestChannel.Message.Ready ready) {
                    return ready.uptimeSeconds();
                }
                if (m.orElse(null) instanceof GuestChannel.Message.Closed closed) {
                    throw new IOException("the guest channel closed before READY: " + closed.why());
                }
            }
        }
        throw new IOException(qemu.isAlive() ? "no READY from the guest's agent within "
                + limit.toSeconds() + " s" : "QEMU exited during the template's boot"
                + ctx.runDirectory().lastQemuMessage(paths.runDir().getFileName().toString()).map(m -> ": " + m).orElse(""));
    }
}
