package dev.ventana.host.guest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses KVM or TCG for each boot. In auto mode the host tries KVM while /dev/kvm is usable,
 * until one KVM boot makes no progress: some machines (nested virtualisation without vmx)
 * offer a /dev/kvm whose guests hang after the kernel's early setup. From then on this host
 * uses TCG, and says so once.
 */
public final class Accelerator {
    private static final Logger log = LoggerFactory.getLogger(Accelerator.class);

    public enum Mode {
        AUTO,
        KVM,
        TCG
    }

    enum Verdict {
        UNKNOWN,
        WORKS,
        HANGS
    }

    private final Mode mode;
    private final Path kvmDevice;
    private final AtomicReference<Verdict> kvm = new AtomicReference<>(Verdict.UNKNOWN);

    public Accelerator(Mode mode, Path kvmDevice) {
        this.mode = mode;
        this.kvmDevice = kvmDevice;
    }

    public static Mode parse(String mode) {
        try {
            return Mode.valueOf(mode.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ventana.host.accel must be auto, kvm or tcg, not '" + mode + "'");
        }
    }

    /** "kvm" or "tcg" for the next boot. */
    String choose() {
        return switch (mode) {
            case TCG -> "tcg";
            case KVM -> "kvm";
            case AUTO -> kvm.get() != Verdict.HANGS && Files.isReadable(kvmDevice) && Files.isWritable(kvmDevice)
                    ? "kvm" : "tcg";
        };
    }

    /** Whether a KVM boot that shows no progress should be retried under TCG. */
    boolean mayFallBack() {
        return mode == Mode.AUTO;
    }

    /** Whether the KVM probe timeout applies to this boot (KVM not yet known to work). */
    boolean probing(String accel) {
        return mode == Mode.AUTO && "kvm".equals(accel) && kvm.get() == Verdict.UNKNOWN;
    }

    void kvmWorks() {
        kvm.compareAndSet(Verdict.UNKNOWN, Verdict.WORKS);
    }

    /** Records that KVM does not work here; {@code what} says how the probe boot went. */
    void kvmHangs(String guestId, String what) {
        if (kvm.getAndSet(Verdict.HANGS) != Verdict.HANGS) {
            log.warn("KVM guest {} {} (a /dev/kvm without working virtualisation?): "
                    + "falling back to TCG for every guest on this host", guestId, what);
        }
    }

    Verdict verdict() {
        return kvm.get();
    }
}
