package dev.ventana.host.dbus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The guest's pointer as QEMU's listener calls describe it: the last shape ({@code CursorDefine})
 * and whether it shows ({@code MouseSet}'s {@code on}). QEMU's virtio-gpu follows every {@code
 * CursorDefine} with a {@code MouseSet}, and hides the pointer by defining it again (the old
 * pixels, hotspot 0,0) before a {@code MouseSet} with {@code on} 0: so a shape counts only once
 * the {@code MouseSet} after it came, and that stale shape is never shown. {@code MouseSet} also
 * comes with every move: only what the user should see changing counts. Listeners hear of each
 * such change, a shape or {@link CursorImage#HIDDEN}, and nothing before the guest defined a shape
 * or hid the pointer; a listener added later is told the current state at once.
 *
 * <p>Thread-safe: the listener's reader thread tells, anyone may listen; listeners are called
 * under this object's lock, which keeps their calls in order, so they must not block.
 */
final class PointerState {
    private final List<Consumer<CursorImage>> listeners = new CopyOnWriteArrayList<>();
    private CursorImage shape; // guarded by this; null until the guest defines one
    private boolean shown = true; // guarded by this
    private CursorImage told; // guarded by this: what the listeners saw last

    synchronized void define(CursorImage image) {
        shape = image; // told with the MouseSet that follows
    }

    synchronized void show(boolean on) {
        shown = on;
        changed();
    }

    synchronized void listen(Consumer<CursorImage> listener) {
        listeners.add(listener);
        if (told != null) {
            listener.accept(told);
        }
    }

    /** What the user should see now; null while unknown. */
    synchronized CursorImage current() {
        return told;
    }

    private void changed() {
        CursorImage now = shown ? shape : CursorImage.HIDDEN;
        if (now == null || now.sameAs(told)) {
            return; // unknown yet, or a move, or the same shape again
        }
        told = now;
        for (Consumer<CursorImage> l : listeners) {
            l.accept(now);
        }
    }
}
