package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short host tools (qemu-img, mke2fs) and turns their failure into a readable error. */
final class Commands {
    private final Duration timeout;

    Commands(Duration timeout) {
        this.timeout = timeout;
    }

    void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // Tool output is a few lines at most; reading it to the end also waits for the exit.
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new GuestException(GuestException.Reason.FAILED, command.getFirst() + " took over " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new GuestException(GuestException.Reason.FAILED, String.join(" ", command) + " failed ("
                        + p.exitValue() + "): " + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestException(GuestException.Reason.FAILED, "interrupted running " + command.getFirst(), e);
        }
    }

    /** SIGKILLs the process and waits for it to go; false when it outlives {@code within}. */
    static boolean killAndWait(ProcessHandle process, Duration within) {
        process.destroyForcibly();
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
