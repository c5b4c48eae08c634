package dev.ventana.host.guest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs short host tools (qemu-img, mke2fs, debugfs) and turns their failure into a readable error. */
public final class Commands {
    private final Duration timeout;

    public Commands(Duration timeout) {
        this.timeout = timeout;
    }

    /** Runs to the end; a failure tells everything the tool printed. */
    void run(List<String> command) {
        execute(command, true);
    }

    /** Runs to the end and returns its standard output; a failure tells its standard error. */
    public String output(List<String> command) {
        return execute(command, false);
    }

    private String execute(List<String> command, boolean mergeErrors) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(mergeErrors).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = mergeErrors ? CompletableFuture.completedFuture(new byte[0])
                    : CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), Thread::startVirtualThread);
            // Reading standard output to the end also waits for the exit.
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new GuestException(GuestException.Reason.FAILED, command.getFirst() + " took over " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new GuestException(GuestException.Reason.FAILED, String.join(" ", command) + " failed ("
                        + p.exitValue() + "): " + new String(mergeErrors ? output : err.join(), StandardCharsets.UTF_8).strip());
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestException(GuestException.Reason.FAILED, "interrupted running " + command.getFirst(), e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
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
