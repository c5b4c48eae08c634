package dev.ventana.host.guest;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs guests; QEMU is the one implementation, kept behind this for the API and tests. */
public interface GuestEngine extends AutoCloseable {

    /** Starts booting a guest and returns at once, in STARTING. */
    GuestInfo start(GuestSpec spec);

    /**
     * Starts a guest whose system disk is {@code systemDisk}: an overlay on the version's base,
     * made when absent and kept when the guest ends (a maintenance guest's work, to seal or discard).
     */
    GuestInfo startKept(GuestSpec spec, java.nio.file.Path systemDisk);

    /**
     * Starts a packaging guest: a cold boot with a throw-away system disk and the scratch and
     * output {@code disks} (docs/session-host.md, "Packaging"); the record keeps them, so a restarted
     * host re-adopts it as one.
     */
    GuestInfo startPackaging(GuestSpec spec, PackagingDisks disks);

    /**
     * Presses the guest's power button and waits up to {@code timeout} for it to end by itself,
     * never forcing it; CONFLICT when it does not (the guest keeps running).
     */
    GuestInfo shutDown(String id, java.time.Duration timeout);

    /** Begins an orderly stop and returns at once, in STOPPING (or the final state it had). */
    GuestInfo stop(String id);

    /**
     * Ends the guest now: QEMU is killed, the guest is not asked to shut down. Fencing: the
     * server declared its session lost, and the user's data disk must have one writer only.
     */
    GuestInfo kill(String id, String why);

    Optional<GuestInfo> find(String id);

    /**
     * Asks a running guest's desktop to take this size (docs/session-host.md, "Resize"), in the
     * background and without an answer: the screen source sees the new size when it comes. The
     * last size asked for wins; a guest without a desktop to resize ignores it.
     */
    void resizeDesktop(String id, int width, int height);

    /** Live guests, and ended ones until they are forgotten. */
    List<GuestInfo> list();

    /** Called on every state change, on an engine thread. */
    void subscribe(Consumer<GuestInfo> listener);

    /**
     * Makes, in the background, the warm templates of {@code wanted} that are missing, and keeps
     * them from being retired; an engine without templates ignores it.
     */
    default void prepareTemplates(List<TemplateRequest> wanted) {
    }

    /** Releases connections and threads; guests keep running, to be re-adopted by the next host. */
    @Override
    void close();
}
