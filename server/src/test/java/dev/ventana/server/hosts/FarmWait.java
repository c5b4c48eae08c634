package dev.ventana.server.hosts;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a farm of processes (FarmIT, CrashIT): a condition within a time, or a failure with the farm's logs. */
final class FarmWait {
    private FarmWait() {
    }

    static void until(String what, Duration within, BooleanSupplier done, Supplier<String> logs) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within.toSeconds() + " s" + logs.get());
            }
            Thread.sleep(250);
        }
    }

    /** A log's last 40 lines. */
    static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
