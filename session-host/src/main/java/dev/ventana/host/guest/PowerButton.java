package dev.ventana.host.guest;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ACPI power button, pressed again and again until the guest ends. A guest is RUNNING from
 * its boot's first sign of life, well before whatever handles the button listens (the tiny
 * image's acpid, a desktop's logind): a single press in those seconds is lost, and a seal
 * requested as soon as the guest is RUNNING would wait its whole time for nothing. A guest that
 * is shutting down already takes a further press as the same request.
 */
final class PowerButton {
    static final Duration PRESS_EVERY = Duration.ofSeconds(5);

    private PowerButton() {
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
