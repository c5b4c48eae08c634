package dev.ventana.host.display.source;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Spaces one guest's key events at least {@link #KEY_PACE} apart, whichever of its viewers sends
 * them. Thread-safe: {@link #lock} is held while waiting out the gap and sending, so keys from
 * several viewers go one at a time in the order they got the lock; it is taken alone, never with
 * another of this package's locks.
 */
final class KeyPacing {
    /**
     * The least time between two key events to one guest: QEMU's PS/2 controller holds a few bytes
     * only and a burst of keys loses some (see GUEST-NOTES). Typing at 50 keys a second stays above it.
     */
    static final Duration KEY_PACE = Duration.ofMillis(10);

    /** Sends one key event to the guest. */
    @FunctionalInterface
    interface KeySend {
        void send() throws IOException;
    }

    /** Waits; a seam so that tests need no real time. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long paceNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock: when the last key event went (its send returned).
    private long lastKeyNanos;

    KeyPacing(Duration pace, LongSupplier nanoTime, Sleeper sleeper) {
        this.paceNanos = pace.toNanos();
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    KeyPacing() {
        this(KEY_PACE, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /**
     * Sends one key event once the pace allows. The gap counts from when the previous send
     * returned, so a slow write cannot squeeze two events together; a send that failed does not
     * count as a key sent.
     *
     * @throws IOException from the send, or if interrupted while waiting (the key is not sent)
     */
    void send(KeySend key) throws IOException {
        lock.lock();
        try {
            long wait = lastKeyNanos + paceNanos - nanoTime.getAsLong();
            if (wait > 0) {
                sleeper.sleep(wait);
            }
            key.send();
            lastKeyNanos = nanoTime.getAsLong();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pacing keys", e);
        } finally {
            lock.unlock();
        }
    }
}
