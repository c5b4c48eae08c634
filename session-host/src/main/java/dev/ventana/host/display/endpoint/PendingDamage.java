package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The screen's changes that the source reported and the pump has not yet taken. The source's
 * thread only notes them here, never waiting for an encoder; beyond {@link #MAX_RECTS} they
 * merge into their bounding box, so a pump that falls behind costs no memory. Thread-safe: the
 * source adds, the pump takes, and the lock is held for nothing else.
 */
final class PendingDamage {
    static final int MAX_RECTS = 64;

    /** What the pump takes: the rectangles and when the last of them was reported. */
    record Batch(List<Rect> rects, long nanos) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private final List<Rect> rects = new ArrayList<>();
    private long nanos;

    void add(List<Rect> changed, long nowNanos) {
        lock.lock();
        try {
            rects.addAll(changed);
            if (rects.size() > MAX_RECTS) {
                Rect all = rects.getFirst();
                for (Rect r : rects) {
                    all = all.union(r);
                }
                rects.clear();
                rects.add(all);
            }
            nanos = nowNanos;
        } finally {
            lock.unlock();
        }
    }

    /** Hands over what was noted and starts empty. */
    Batch take() {
        lock.lock();
        try {
            Batch batch = new Batch(List.copyOf(rects), nanos);
            rects.clear();
            return batch;
        } finally {
            lock.unlock();
        }
    }
}
