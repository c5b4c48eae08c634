package dev.ventana.host.guest;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a booting guest to show progress. Progress is the guest mounting its system disk
 * (see Boot#systemDiskRead): every image does so early, and a guest stuck in firmware or
 * in the kernel's early setup never does. It needs nothing from inside the guest.
 */
final class BootWatch {
    enum Outcome {
        PROGRESS,
        NO_PROGRESS,
        ABANDONED
    }

    /** Something that tells whether the guest made progress; may throw when QEMU is gone. */
    @FunctionalInterface
    interface Probe {
        boolean progressed() throws Exception;
    }

    private final Duration interval;

    BootWatch(Duration interval) {
        this.interval = interval;
    }

    /** Polls until progress, the limit, or until {@code keepWatching} says the boot is moot. */
    Outcome await(Probe probe, Duration limit, BooleanSupplier keepWatching) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!keepWatching.getAsBoolean()) {
                return Outcome.ABANDONED;
            }
            try {
                if (probe.progressed()) {
                    return Outcome.PROGRESS;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // QEMU may be gone; the exit watcher reports that, the next poll sees keepWatching false.
            }
            if (System.nanoTime() >= deadline) {
                return Outcome.NO_PROGRESS;
            }
            Thread.sleep(interval);
        }
    }
}
