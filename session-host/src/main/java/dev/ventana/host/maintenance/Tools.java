package dev.ventana.host.maintenance;

import dev.ventana.host.guest.GuestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the host tools sealing needs (qemu-img, debugfs); their failure becomes a readable error. */
final class Tools {
    private final Duration timeout;

    Tools(Duration timeout) {
        this.timeout = timeout;
    }

    /** Runs to the end and returns standard output; standard error goes into the failure message. */
    String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()),
                    Thread::startVirtualThread);
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new GuestException(GuestException.Reason.FAILED, command.getFirst() + " took over " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new GuestException(GuestException.Reason.FAILED, String.join(" ", command) + " failed ("
                        + p.exitValue() + "): " + new String(err.join(), StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestException(GuestException.Reason.FAILED, "interrupted running " + command.getFirst(), e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
