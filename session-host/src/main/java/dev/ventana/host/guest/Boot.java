package dev.ventana.host.guest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One guest's boot: a boot slot, then QEMU under the accelerator the host chose, watched until it
 * shows progress (it mounted its system disk). In auto mode the first KVM boot is on probation:
 * if it makes no progress or its QEMU dies, the same guest boots again under TCG.
 */
final class Boot {
    private static final Logger log = LoggerFactory.getLogger(Boot.class);

    /** What a launch decided about the guest. */
    private enum Attempt {
        /** The guest runs, failed, or was stopped: the boot is over. */
        DECIDED,
        /** KVM does not work on this machine: launch again under TCG. */
        RETRY_UNDER_TCG
    }

    private final QemuEngineContext ctx;
    private final QemuGuest guest;
    /** Null in tests whose guests never launch. */
    private final ImageSupply supply;
    private final ImageSupply.Packages packages;
    /** Null for a cold boot. */
    private final InstantOn instantOn;
    /** The version, once it is here; null in tests whose guests never launch. */
    private ImageVersion image;

    Boot(QemuEngineContext ctx, QemuGuest guest, ImageSupply supply, ImageSupply.Packages packages, InstantOn instantOn) {
        this.ctx = ctx;
        this.guest = guest;
        this.supply = supply;
        this.packages = packages;
        this.instantOn = instantOn;
    }

    void run() {
        boolean slot = false;
        try {
            if (supply != null) {
                // Before a boot slot is taken: a fetch may take minutes, and boots need no network.
                image = supply.get();
                guest.useImage(image, packages.get(image));
            }
            if (image != null && instantOn != null && restored()) {
                return;
            }
            ctx.bootSlots().acquire();
            slot = true;
            String accel = ctx.accelerator().choose();
            while (guest.isStarting()) {
                if (launchAndWatch(accel) == Attempt.DECIDED) {
                    return;
                }
                accel = "tcg";
            }
            // Stopped before the first launch, or between a fallback's kill and the next launch.
            guest.finishStop();
        } catch (InterruptedException e) {
            // Nobody watches this boot any more: a guest left STARTING, or its QEMU left running,
            // would never be reported on.
            guest.kill("the boot was interrupted");
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (guest.isStarting()) {
                log.warn("guest {} could not start", guest.id(), e);
            } else {
                log.info("guest {}: its launch ended with its stop: {}", guest.id(), e.getMessage());
            }
            guest.kill("cannot start: " + e.getMessage());
        } finally {
            if (slot) {
                ctx.bootSlots().release();
            }
        }
    }

    /**
     * Whether the guest was restored from its template (or stopped meanwhile); otherwise it boots
     * cold, and a template missing or discarded is made meanwhile for the next launch.
     */
    private boolean restored() throws InterruptedException {
        Templates templates = instantOn.templates();
        if (!image.instantOn()) {
            templates.bootedCold(); // an image whose agent starts sessions by itself has no template
            return false;
        }
        TemplateSpec spec = Templates.specOf(guest.info(), image.id(), instantOn.pageSharing(), ctx.accelerator().choose());
        var template = templates.ready(image, spec);
        if (template.isPresent()) {
            switch (new Restore(ctx, guest, templates).run(template.get())) {
                case RESTORED -> {
                    return true;
                }
                case STOPPED -> {
                    guest.finishStop();
                    return true;
                }
                case BOOT_COLD -> {
                    // The template was discarded: a new one is made below.
                }
            }
        }
        templates.bootedCold();
        templates.request(image, spec);
        return false;
    }

    private Attempt launchAndWatch(String accel) throws IOException, InterruptedException {
        boolean probing = ctx.accelerator().probing(accel);
        int gen = guest.launch(accel, probing, null);
        Duration limit = probing ? ctx.settings().kvmProbe() : ctx.settings().bootTimeout();
        BootWatch.Outcome outcome = ctx.bootWatch().await(this::systemDiskRead, limit, () -> guest.isBooting(gen));
        if (outcome == BootWatch.Outcome.PROGRESS) {
            if ("kvm".equals(accel)) {
                ctx.accelerator().kvmWorks();
            }
            guest.booted(null);
            GuestInfo info = guest.info();
            String session = image != null && image.instantOn() ? GuestGreeting.session(info) : null;
            if (session != null && !info.packages().isEmpty()) {
                plugPackages(info);
            }
            Thread.ofVirtual().name("greet-" + guest.id()).start(() -> {
                try {
                    new GuestGreeting(Clock.systemUTC(), ctx.settings().bootTimeout()).greet(guest.id(), info.paths(), session)
                            .ifPresent(g -> guest.ready(g.readyAt()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return Attempt.DECIDED;
        }
        boolean died = !guest.isQemuAlive();
        if (probing && ctx.accelerator().mayFallBack() && guest.isStarting()
                && (outcome == BootWatch.Outcome.NO_PROGRESS || died)) {
            // Where KVM is broken, QEMU either hangs after the kernel's early setup or
            // aborts on a failed KVM call; both mean: this machine boots under TCG.
            ctx.accelerator().kvmHangs(guest.id(), died
                    ? "crashed during boot (" + lastQemuMessage().orElse("no message") + ")"
                    : "made no boot progress in " + limit.toSeconds() + " s");
            guest.killAndWait();
            return Attempt.RETRY_UNDER_TCG;
        }
        if (outcome == BootWatch.Outcome.NO_PROGRESS) {
            guest.kill("no boot progress within " + limit.toSeconds() + " s under " + accel);
        } else if (died) {
            // The exit watcher may have stood back while KVM was on probation: report now.
            guest.endProbation();
            guest.processEnded(gen, "QEMU exited during boot" + lastQemuMessage().map(m -> ": " + m).orElse(""));
        }
        return Attempt.DECIDED;
    }

    /**
     * Past the firmware, which probes every disk on the command line (about a second each under
     * TCG), and before SESSION, whose attach waits for them. A failure only costs the packages: the
     * guest names them missing and its session starts without them.
     */
    private void plugPackages(GuestInfo info) {
        try {
            Restore.plugPackages(guest.qmp(), info);
        } catch (IOException | RuntimeException e) {
            log.warn("guest {}: its packages could not be plugged in: {}", guest.id(), e.getMessage());
        }
    }

    private Optional<String> lastQemuMessage() {
        return ctx.runDirectory().lastQemuMessage(guest.id());
    }

    private boolean systemDiskRead() throws IOException {
        for (JsonNode device : guest.qmp().execute("query-blockstats", Map.of(), QmpConnection.COMMAND_TIMEOUT)) {
            if ("system".equals(device.path("device").asString())) {
                // The firmware reads a boot sector and the kernel's partition scan a few blocks even
                // when the boot then hangs; mounting the root file system writes (its superblock) or
                // reads many more.
                JsonNode stats = device.path("stats");
                return stats.path("wr_operations").asLong(0) > 0 || stats.path("rd_operations").asLong(0) >= 16;
            }
        }
        return false;
    }
}
