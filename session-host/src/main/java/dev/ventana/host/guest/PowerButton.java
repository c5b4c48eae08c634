package dev.ventana.host.guest;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACPI power button, pressed again and again until the guest ends. A guest is RUNNING from
 * its boot's first sign of life, well before whatever handles the button listens (the tiny
 * image's acpid, a desktop's logind): a single press in those seconds is lost, and a seal
 * requested as soon as the guest is RUNNING would wait its whole time for nothing. A guest that
 * is shutting down already takes a further press as the same request.
 */
final class PowerButton {
    private static final Logger log = LoggerFactory.getLogger(PowerButton.class);
    static final Duration PRESS_EVERY = Duration.ofSeconds(5);

    private PowerButton() {
    }

    /**
     * Presses until the guest ends and answers its end; CONFLICT, the guest left running, when it
     * does not end within {@code timeout}. Nothing harsher follows: quitting QEMU under a guest
     * that has not synced its disks would seal a damaged file system.
     */
    static GuestInfo shutDown(String guest, QmpConnection qmp, Future<GuestInfo> ended, Duration timeout) {
        log.info("guest {}: pressing the power button (again every {} s), waiting up to {} s for it to shut down",
                guest, PRESS_EVERY.toSeconds(), timeout.toSeconds());
        try {
            if (!pressUntilEnded(qmp, ended, timeout, PRESS_EVERY)) {
                throw new GuestException(GuestException.Reason.CONFLICT, "guest " + guest + " did not shut down within "
                        + timeout.toSeconds() + " s of the power button; it keeps running."
                        + " Shut it down from inside, or discard it");
            }
            return ended.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestException(GuestException.Reason.FAILED, "interrupted while waiting for the guest to shut down");
        } catch (ExecutionException e) {
            throw new GuestException(GuestException.Reason.FAILED, "the guest's end failed: " + e.getCause());
        }
    }

    /** Whether {@code ended} completed within {@code timeout}, the button pressed every {@code every}. */
    static boolean pressUntilEnded(QmpConnection qmp, Future<?> ended, Duration timeout, Duration every)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                qmp.execute("system_powerdown", Map.of(), QmpConnection.COMMAND_TIMEOUT);
            } catch (IOException e) {
                // QEMU may be going already: waiting for the end tells.
            }
            long wait = Math.min(every.toNanos(), deadline - System.nanoTime());
            try {
                ended.get(Math.max(wait, 0), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
            }
        }
    }
}
