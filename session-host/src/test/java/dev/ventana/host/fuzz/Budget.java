package dev.ventana.host.fuzz;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What one hostile input may cost a parser: the protocol's own refusal or success, nothing else,
 * within a time and an allocation. A parse that runs past ten times its time and half a minute
 * more is a hang that no assertion after it would ever see, so a watchdog prints the input and
 * the parser's stack and halts the test JVM: the build fails instead of waiting forever. The watchdog's thread is a
 * daemon, so a budget kept in a static field for a test class's life needs no closing.
 */
public final class Budget {
    /** Beyond ten budgets, the slack a loaded machine may need for a first parse's class loading. */
    private static final Duration HANG = Duration.ofSeconds(30);
    private final Duration time;
    private final long bytes;
    private final Predicate<Throwable> refusal;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuzz-watchdog");
        t.setDaemon(true);
        return t;
    });
    private volatile Thread running;
    private volatile long startedNanos;
    private volatile byte[] input;

    /** {@code refusal} tells the protocol's own refusals from everything else a parse might throw. */
    public Budget(Duration time, long bytes, Predicate<Throwable> refusal) {
        this.time = time;
        this.bytes = bytes;
        this.refusal = refusal;
        long every = Math.max(100, time.toMillis());
        watchdog.scheduleAtFixedRate(this::checkHang, every, every, TimeUnit.MILLISECONDS);
    }

    /** One parse of one input; it may run twice (see {@link #check}), so it makes its own parser state. */
    public interface Parse {
        void run() throws Exception;
    }

    /**
     * Runs the parse of {@code in}; an assertion error if it threw anything but a refusal or overran
     * its budget. A parse over its time or allocation runs once more before it fails: the first
     * time a path is taken loads classes and fills caches (AssertJ, a JCA provider, Spring's
     * WebSocket classes), which no later input pays again.
     */
    public void check(byte[] in, Parse parse) {
        Cost cost = measured(in, parse);
        if (cost.over(this)) {
            cost = measured(in, parse);
        }
        if (cost.nanos() > time.toNanos()) {
            throw new AssertionError("took " + cost.nanos() / 1_000_000 + " ms (budget " + time.toMillis()
                    + ") for input " + hex(in));
        }
        if (cost.bytes() > bytes) {
            throw new AssertionError("allocated " + cost.bytes() + " bytes (budget " + bytes + ") for input " + hex(in));
        }
    }

    private record Cost(long nanos, long bytes) {
        boolean over(Budget budget) {
            return nanos > budget.time.toNanos() || bytes > budget.bytes;
        }
    }

    /** What the parse cost, after checking its outcome. */
    private Cost measured(byte[] in, Parse parse) {
        long allocated = threads.getCurrentThreadAllocatedBytes();
        input = in;
        startedNanos = System.nanoTime();
        running = Thread.currentThread();
        try {
            parse.run();
        } catch (Throwable t) {
            if (!refusal.test(t)) {
                throw new AssertionError("not a refusal for input " + hex(in), t);
            }
        } finally {
            running = null;
        }
        return new Cost(System.nanoTime() - startedNanos, threads.getCurrentThreadAllocatedBytes() - allocated);
    }

    private void checkHang() {
        Thread t = running;
        if (t != null && System.nanoTime() - startedNanos > HANG.toNanos() + 10 * time.toNanos()) {
            System.err.println("HANG: a parse ran for " + (System.nanoTime() - startedNanos) / 1_000_000
                    + " ms on input " + hex(input));
            for (StackTraceElement e : t.getStackTrace()) {
                System.err.println("\tat " + e);
            }
            Runtime.getRuntime().halt(70);
        }
    }

    private static String hex(byte[] in) {
        if (in == null) {
            return "?";
        }
        String h = HexFormat.of().formatHex(in, 0, Math.min(in.length, 512));
        return in.length > 512 ? h + "... (" + in.length + " bytes)" : h;
    }
}
