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
 * The orderly stop of a launched guest: QMP {@code system_powerdown} (the images run an ACPI
 * power-button handler that syncs and powers off), then QMP {@code quit}, then SIGKILL. Each step
 * gets its time for the guest to end; the end is the guest's own to report, through
 * {@code ended}, so a guest that powers off by itself meanwhile ends the stop as well.
 */
final class OrderlyStop {
    private static final Logger log = LoggerFactory.getLogger(OrderlyStop.class);
    static final Duration QUIT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);

    private final Duration powerdownTimeout;
    private final Duration quitTimeout;
    private final Duration killTimeout;

    OrderlyStop(Duration powerdownTimeout, Duration quitTimeout, Duration killTimeout) {
        this.powerdownTimeout = powerdownTimeout;
        this.quitTimeout = quitTimeout;
        this.killTimeout = killTimeout;
    }

    OrderlyStop(Duration powerdownTimeout) {
        this(powerdownTimeout, QUIT_TIMEOUT, KILL_TIMEOUT);
    }

    /**
     * Escalates until {@code ended} completes or QEMU was killed. Without a QMP connection
     * ({@code qmp} null) only the kill is left.
     */
    void run(String guestId, QmpConnection qmp, ProcessHandle qemu, Future<?> ended) {
        if (qmp == null) {
            log.info("guest {}: QEMU {} has no QMP connection (stopped during its launch); killing it", guestId,
                    qemu.pid());
        } else if (endedWhenAsked(guestId, qmp, qemu, ended)) {
            return;
        }
        qemu.destroyForcibly();
        endsWithin(ended, killTimeout);
    }

    /** The power button, then quit: whether the guest ended on either. */
    private boolean endedWhenAsked(String guestId, QmpConnection qmp, ProcessHandle qemu, Future<?> ended) {
        send(qmp, "system_powerdown");
        if (endsWithin(ended, powerdownTimeout)) {
            return true;
        }
        log.info("guest {} did not power off within {} s; quitting QEMU", guestId, powerdownTimeout.toSeconds());
        send(qmp, "quit");
        if (endsWithin(ended, quitTimeout)) {
            return true;
        }
        log.warn("guest {}: QEMU {} ignored quit; killing it", guestId, qemu.pid());
        return false;
    }

    private static void send(QmpConnection qmp, String command) {
        try {
            qmp.execute(command, Map.of(), QmpConnection.COMMAND_TIMEOUT);
        } catch (IOException e) {
            // QEMU may have gone already: awaiting the end tells.
        }
    }

    private static boolean endsWithin(Future<?> ended, Duration timeout) {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
