package dev.ventana.host.rfb;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps QEMU's VNC refresh at its fastest while the guest's answer to an input is awaited. QEMU
 * looks for screen changes on a timer that starts at 30 ms and backs off by 50 ms after every look
 * that finds nothing (up to 3 s); an input message pulls it back to 30 ms, and a look that finds a
 * change halves it. A key's own message arrives before the guest has answered it, so the look it
 * causes finds nothing and the answer waits for the next, backed-off one. Nudging ({@link
 * RfbClient#nudgeRefresh}) every {@link #PERIOD} after an input keeps the looks 30 ms apart, so an
 * answer waits 15 ms on average: key to update on the tiny guest, median 22 ms without and 13 ms
 * with (docs/benchmarks.md).
 *
 * <p>The nudging stops at the first screen update that arrives at least {@link #ECHO_DELAY}
 * after the input (the answer: the look that found it halved QEMU's interval, so whatever follows
 * is looked for soon anyway), or {@link #AFTER_INPUT} after the input if none came. Nudging for a
 * fixed second after every input kept QEMU looking 33 times a second and cost the host a hundred
 * writes a second through a whole typing session (bench/display/cpu.md). Only inputs the guest
 * answers on screen start it ({@link #inputSent}); an idle guest gets no nudges and keeps its
 * back-off.
 */
public final class FastRefresh implements AutoCloseable {
    public static final Duration PERIOD = Duration.ofMillis(10);
    /** The longest wait for an answer; an input that changes nothing on screen stops here. */
    public static final Duration AFTER_INPUT = Duration.ofSeconds(1);
    /**
     * An update that arrives sooner after the input than this was already on its way when the
     * input went out (a look that started before it): it does not end the wait.
     */
    public static final Duration ECHO_DELAY = Duration.ofMillis(10);

    /** Sends one nudge; an exception stops the nudging until the next input. */
    @FunctionalInterface
    public interface Nudge {
        void send() throws IOException;
    }

    private final Nudge nudge;
    private final Duration period;
    private final long afterInputNanos;
    private final long echoDelayNanos;
    // When the last awaited input went out and the last screen update arrived (System.nanoTime).
    private volatile long inputAt;
    private volatile long updateAt;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean closed;

    public FastRefresh(Nudge nudge, Duration period, Duration afterInput, Duration echoDelay) {
        this.nudge = nudge;
        this.period = period;
        this.afterInputNanos = afterInput.toNanos();
        this.echoDelayNanos = echoDelay.toNanos();
        long now = System.nanoTime();
        this.inputAt = now - afterInputNanos;
        this.updateAt = now;
    }

    public FastRefresh(Nudge nudge) {
        this(nudge, PERIOD, AFTER_INPUT, ECHO_DELAY);
    }

    /** Input that the guest answers on screen went to it: nudge until the answer arrives. */
    public void inputSent() {
        inputAt = System.nanoTime();
        startIfIdle();
    }

    /** A screen update arrived from QEMU (on the RFB reader's thread; must not block). */
    public void screenUpdated() {
        updateAt = System.nanoTime();
    }

    @Override
    public void close() {
        closed = true;
    }

    private boolean active() {
        long input = inputAt;
        return !closed && System.nanoTime() - input < afterInputNanos && updateAt - input < echoDelayNanos;
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
                if (active()) {
                    nudge.send();
                }
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
