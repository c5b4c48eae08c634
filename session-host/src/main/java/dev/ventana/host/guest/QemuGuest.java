package dev.ventana.host.guest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One guest: its QEMU process, its QMP connection and its lifecycle (docs/session-host.md,
 * "Lifecycle"). State changes happen under the object's lock; the slow parts run on virtual
 * threads: the {@link Boot}, the {@link OrderlyStop} and the watchers of QEMU's exit. Every
 * final state goes out through {@link #end}.
 */
final class QemuGuest {
    private static final Logger log = LoggerFactory.getLogger(QemuGuest.class);

    private final QemuEngineContext ctx;
    private final GuestInfo.Paths paths;
    private final CompletableFuture<GuestInfo> ended = new CompletableFuture<>();

    private ImageVersion image;
    private GuestRecord record;
    private GuestState state = GuestState.STARTING;
    private String reason;
    private ProcessHandle process;
    private Process child;
    private QmpConnection qmp;
    /** Bumped at every launch, so the exit of a replaced QEMU (KVM -> TCG) is not the guest's end. */
    private int generation;
    private boolean guestShutdown, detached;
    /** The final state claimed by whichever end came first, published once the run directory is gone. */
    private Ending ending;
    /** The generation of a KVM boot on probation: its death means a fallback, not a failure. */
    private int probingGeneration;
    /** Why a stop ends STOPPED, fixed when it is asked for: whichever thread ends the guest tells the same. */
    private String stopReason;
    private java.time.Instant readyAt;

    private QemuGuest(QemuEngineContext ctx, GuestRecord record, GuestInfo.Paths paths) {
        this.ctx = ctx;
        this.record = record;
        this.paths = paths;
    }

    /** {@code instantOn} null: a cold boot. */
    static QemuGuest boot(QemuEngineContext ctx, GuestRecord record, GuestInfo.Paths paths, ImageSupply supply,
            ImageSupply.Packages packages, InstantOn instantOn) {
        QemuGuest g = new QemuGuest(ctx, record, paths);
        Thread.ofVirtual().name("boot-" + record.id()).start(new Boot(ctx, g, supply, packages, instantOn)::run);
        return g;
    }

    /** Takes over a QEMU a previous host process left running. */
    static QemuGuest adopt(QemuEngineContext ctx, GuestRecord record, GuestInfo.Paths paths, ProcessHandle handle)
            throws IOException, InterruptedException {
        QemuGuest g = new QemuGuest(ctx, record, paths);
        synchronized (g) {
            g.state = GuestState.RUNNING;
            g.process = handle;
        }
        int gen = g.generation;
        g.connectQmp(gen);
        handle.onExit().thenRun(() -> Thread.ofVirtual().start(
                () -> g.processEnded(gen, "QEMU process " + handle.pid() + " ended")));
        return g;
    }

    /** The version and packages to boot, once here: a fetched version only now tells its screen, which launch records. */
    synchronized void useImage(ImageVersion v, List<PackageVersion> packages) {
        image = v;
        record = record.withPackages(packages.stream().map(PackageVersion::asGuestPackage).toList());
    }

    /**
     * Starts a QEMU with a fresh overlay and connects QMP; returns its generation. With {@code clone},
     * a QEMU that waits to load that template's state (see Restore), its overlay on the template's disk.
     */
    int launch(String accel, boolean probing, Template clone) throws IOException, InterruptedException {
        int gen;
        synchronized (this) {
            gen = ++generation;
            probingGeneration = probing ? gen : 0;
            record = record.withAccel(accel).withScreen(image.screenWidth(), image.screenHeight())
                    .withTemplate(clone == null ? null : clone.dir().toString());
        }
        ctx.runDirectory().write(record);
        ctx.disks().prepareSystemDisk(image, clone, paths.overlay(), record.systemDisk() != null);
        List<String> argv = ctx.command().argv(record, image, paths, accel, ctx.runDirectory().pidFile(record.id()),
                clone, clone != null);
        Process p = ctx.command().start(argv, ctx.runDirectory().qemuLog(record.id()));
        synchronized (this) {
            if (state != GuestState.STARTING) {
                // Stopped while the overlay was being made: this QEMU must not outlive the guest.
                p.destroyForcibly();
                throw new IOException("the guest was stopped while it was being launched");
            }
            child = p;
            process = p.toHandle();
            guestShutdown = false;
        }
        log.info("guest {} of {}: QEMU {} started under {} ({} MiB, {} vCPU, image {}/{})", record.id(), record.user(),
                p.pid(), accel, record.memoryMiB(), record.vcpus(), record.image(), record.version());
        // On a thread of its own: processEnded may wait for QMP, and this is the JDK's process reaper.
        p.onExit().thenRun(() -> Thread.ofVirtual().start(() -> processEnded(gen, QemuMessage.exit(p))));
        try {
            connectQmp(gen);
        } catch (IOException e) {
            // QEMU died at once (a broken KVM aborts early): the boot sequence tells what next. The QMP
            // wait sees the death before the JDK reaps the process, so p.isAlive() alone raced it.
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                throw e;
            }
        }
        return gen;
    }

    private void connectQmp(int gen) throws IOException, InterruptedException {
        QmpConnection c = QmpConnection.await(paths.qmpSocket(), ctx.json(), this::onEvent, Duration.ofSeconds(15),
                () -> isCurrent(gen) && process.isAlive());
        synchronized (this) {
            qmp = c;
        }
        // The socket closes the moment QEMU dies, often before anyone reaps the process.
        c.closed().thenRun(() -> Thread.ofVirtual().start(() -> watchAfterQmpClosed(gen)));
    }

    private void watchAfterQmpClosed(int gen) {
        ProcessHandle h;
        Process p;
        synchronized (this) {
            if (detached || !isCurrent(gen)) {
                return;
            }
            h = process;
            p = child;
        }
        try {
            h.onExit().get(3, TimeUnit.SECONDS);
            // Our own child tells how it ended; an adopted one (a child of the previous host) cannot.
            processEnded(gen, p != null && p.pid() == h.pid() ? QemuMessage.exit(p.onExit().get(3, TimeUnit.SECONDS))
                    : "QEMU process " + h.pid() + " ended");
        } catch (TimeoutException e) {
            log.warn("guest {}: QMP closed but QEMU {} is still alive", record.id(), h.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            processEnded(gen, "QEMU process ended");
        }
    }

    private synchronized void onEvent(JsonNode event) {
        if ("SHUTDOWN".equals(event.path("event").asString()) && event.path("data").path("guest").asBoolean(false)) {
            guestShutdown = true;
        }
    }

    /** Begins an orderly stop: ACPI power button, then QMP quit, then kill. */
    GuestInfo stop() {
        GuestInfo stopping;
        synchronized (this) {
            if (state.isFinal() || state == GuestState.STOPPING) {
                return info();
            }
            stopReason = process == null ? "stopped before it was launched"
                    : state == GuestState.STARTING ? "stopped while it was starting" : null;
            state = GuestState.STOPPING;
            stopping = info();
        }
        ctx.notify(stopping);
        Thread.ofVirtual().name("stop-" + record.id()).start(this::stopQemu);
        // What the stop began with: the stop thread may already have ended a guest that never launched.
        return stopping;
    }

    private void stopQemu() {
        QmpConnection c;
        ProcessHandle h;
        synchronized (this) {
            c = qmp;
            h = process;
        }
        if (h == null) {
            finishStop();
        } else {
            ctx.orderlyStop().run(record.id(), c, h, ended);
        }
    }

    /** Presses the power button until the guest ends (see PowerButton); CONFLICT unless it is running. */
    GuestInfo shutDown(Duration timeout) {
        QmpConnection c;
        synchronized (this) {
            if (state.isFinal()) {
                return info();
            }
            if (state != GuestState.RUNNING || qmp == null) {
                throw new GuestException(GuestException.Reason.CONFLICT, "guest " + record.id() + " is " + state
                        + ": only a running guest can be shut down");
            }
            c = qmp;
        }
        return PowerButton.shutDown(record.id(), c, ended, timeout);
    }

    /**
     * Kills the current QEMU and waits for it to go; its exit is no longer the guest's (a KVM
     * boot that falls back, or a boot that gives up: see kill).
     */
    void killAndWait() {
        ProcessHandle h;
        synchronized (this) {
            h = process;
            generation++; // whatever this QEMU does now is no longer the guest's doing
        }
        if (h != null && !Commands.killAndWait(h, Duration.ofSeconds(5))) {
            log.warn("guest {}: QEMU {} survived SIGKILL for 5 s", record.id(), h.pid());
        }
        synchronized (this) {
            if (qmp != null) {
                qmp.close();
                qmp = null; // a stop must not wait for a power button on a QEMU that is gone
            }
        }
        if (isFinal()) {
            // The guest ended while this QEMU was being launched: the launch's leftovers.
            ctx.runDirectory().remove(record.id());
        }
    }

    /**
     * QEMU exited: STOPPED when a stop or the guest itself asked for it, FAILED otherwise. A guest
     * that powers itself off (a published application exited) makes QEMU send SHUTDOWN and exit at
     * once, so the QMP socket is read to its end before the exit is judged.
     */
    void processEnded(int gen, String how) {
        QmpConnection c = isCurrent(gen) ? qmp() : null;
        if (c != null) {
            c.awaitClosed(Duration.ofSeconds(2));
        }
        end(() -> {
            if (gen != generation || detached || (gen == probingGeneration && state == GuestState.STARTING)) {
                return null;
            }
            if (state == GuestState.STOPPING) {
                return new Ending(GuestState.STOPPED, stopReason);
            }
            if (guestShutdown) {
                return new Ending(GuestState.STOPPED, "the guest shut down");
            }
            String message = ctx.runDirectory().lastQemuMessage(record.id()).map(QemuMessage::inPlainWords).orElse("");
            return new Ending(GuestState.FAILED, how + message);
        });
    }

    /** Ends a stop with no QEMU left to wait for: none was launched, or the boot killed its last (killAndWait). */
    void finishStop() {
        end(() -> state == GuestState.STOPPING ? new Ending(GuestState.STOPPED, stopReason) : null);
    }

    /**
     * Ends the guest at once, without asking it to shut down: its QEMU, if any, is killed and the
     * guest ends FAILED, or STOPPED when a stop was asked for meanwhile. For a boot that gives up,
     * and for fencing (the server declared the session lost and may start it elsewhere). The kill
     * disowns that QEMU, so its exit ends nothing: this is the guest's end, also for a stop that
     * is waiting for it.
     */
    void kill(String why) {
        killAndWait();
        end(() -> new Ending(state == GuestState.STOPPING ? GuestState.STOPPED : GuestState.FAILED,
                state == GuestState.STOPPING ? stopReason : why));
        ended.join(); // a stop's ending may have come first and still be publishing: the caller sees it final
    }

    /**
     * The one path to a final state. {@code decide} runs under the lock and names the ending, or
     * null when this end is not the guest's (a replaced or detached QEMU); the first ending wins.
     * The run directory goes before the state is published: whoever sees the final state finds
     * the overlay gone.
     */
    private void end(Supplier<Ending> decide) {
        Ending e;
        synchronized (this) {
            if (state.isFinal() || ending != null) {
                return;
            }
            e = decide.get();
            if (e == null) {
                return;
            }
            ending = e;
            if (qmp != null) {
                qmp.close();
            }
        }
        ctx.runDirectory().remove(record.id());
        GuestInfo info;
        synchronized (this) {
            state = e.state();
            reason = e.reason();
            info = info();
        }
        if (e.state() == GuestState.FAILED) {
            log.warn("guest {} FAILED: {}", record.id(), e.reason());
        } else {
            log.info("guest {} stopped{}", record.id(), e.reason() == null ? "" : ": " + e.reason());
        }
        ctx.notify(info);
        ended.complete(info);
    }

    /** Lets go of the guest without stopping it: the next host process re-adopts it. */
    void detach() {
        QmpConnection c;
        synchronized (this) {
            detached = true;
            c = qmp;
        }
        if (c != null) {
            c.close();
        }
    }

    /**
     * The boot made progress, or a restore started the session at {@code ready} (null for a
     * boot): KVM's probation, if any, is over and the guest runs.
     */
    void booted(java.time.Instant ready) {
        synchronized (this) {
            probingGeneration = 0;
            if (state != GuestState.STARTING) {
                return;
            }
            readyAt = ready;
            state = GuestState.RUNNING;
        }
        log.info("guest {} RUNNING", record.id());
        ctx.notify(info());
    }

    /** Its agent said it waits for a user (see GuestGreeting). */
    void ready(java.time.Instant at) {
        synchronized (this) {
            readyAt = at;
        }
        ctx.notify(info());
    }

    /** From now on the exit of the probing QEMU is reported like any other. */
    synchronized void endProbation() {
        probingGeneration = 0;
    }

    synchronized boolean isStarting() {
        return state == GuestState.STARTING;
    }

    synchronized boolean isFinal() {
        return state.isFinal();
    }

    /** Whether launch {@code gen} is still the guest's boot to watch. */
    synchronized boolean isBooting(int gen) {
        return state == GuestState.STARTING && isCurrent(gen) && process.isAlive();
    }

    synchronized QmpConnection qmp() {
        return qmp;
    }

    synchronized boolean isQemuAlive() {
        return process != null && process.isAlive();
    }

    private synchronized boolean isCurrent(int gen) {
        return gen == generation && !detached;
    }

    String id() {
        return record.id();
    }

    CompletableFuture<GuestInfo> ended() {
        return ended;
    }

    synchronized GuestInfo info() {
        return record.info(state, reason, process == null ? 0 : process.pid(), paths, readyAt);
    }

    /** A final state and its reason. */
    private record Ending(GuestState state, String reason) {
    }
}
