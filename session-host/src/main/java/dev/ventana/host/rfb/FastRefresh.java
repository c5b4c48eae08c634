package dev.ventana.host.rfb;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps QEMU's VNC refresh at its fastest while someone uses the guest. QEMU looks for screen
 * changes on a timer that starts at 30 ms and backs off by 50 ms after every look that finds
 * nothing (up to 3 s); an input message pulls it back to 30 ms, counted from the last look. A
 * key's own message arrives before the guest has answered it, so the look it causes finds nothing
 * and the answer waits for the next, backed-off one. Nudging ({@link RfbClient#nudgeRefresh})
 * every {@link #PERIOD} for {@link #AFTER_INPUT} after the last input keeps the looks 30 ms apart,
 * so an answer waits 15 ms on average: key to update on the tiny guest, median 22 ms without and
 * 13 ms with (docs/benchmarks.md). One nudge within each 30 ms after a look is enough: a nudge
 * that comes sooner only moves the next look to where it already is, so the period is just under
 * 30 ms (it was 10 ms, and cost the host and QEMU a hundred messages a second through a whole
 * typing session; bench/display/cpu.md). An idle guest gets no nudges and keeps its back-off.
 */
public final class FastRefresh implements AutoCloseable {
    public static final Duration PERIOD = Duration.ofMillis(25);
    public static final Duration AFTER_INPUT = Duration.ofSeconds(1);

    /** Sends one nudge; an exception stops the nudging until the next input. */
    @FunctionalInterface
    public interface Nudge {
        void send() throws IOException;
    }

    private final Nudge nudge;
    private final Duration period;
    private final Duration afterInput;
    private final AtomicLong activeUntil = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean closed;

    public FastRefresh(Nudge nudge, Duration period, Duration afterInput) {
        this.nudge = nudge;
        this.period = period;
        this.afterInput = afterInput;
    }

    public FastRefresh(Nudge nudge) {
        this(nudge, PERIOD, AFTER_INPUT);
    }

    /** Input that the guest answers on screen went to it: nudge from now until {@link #AFTER_INPUT} after it. */
    public void inputSent() {
        activeUntil.set(System.nanoTime() + afterInput.toNanos());
        startIfIdle();
    }

    @Override
    public void close() {
        closed = true;
    }

    private boolean active() {
        return !closed && System.nanoTime() - activeUntil.get() < 0;
    }

    private void startIfIdle() {
        if (active() && running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("rfb-fast-refresh").start(this::run);
        }
    }

    private void run() {
        try {
            while (active()) {
                Thread.sleep(period);
                nudge.send();
            }
        } catch (IOException e) {
            return; // the connection broke: its reader reports that, and the next input retries
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            running.set(false);
        }
        startIfIdle(); // an input that arrived just as this run ended
    }
}
