package dev.ventana.host.dbus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The guest's pointer as QEMU's listener calls describe it: the last shape ({@code CursorDefine})
 * and whether it shows ({@code MouseSet}'s {@code on}; QEMU calls {@code MouseSet} on every move
 * too, so only a change of visibility counts). Its listeners hear of each change of what the
 * user should see, a shape or {@link CursorImage#HIDDEN}, and nothing before the guest defined a
 * shape or hid the pointer. A listener added later is told the current state at once.
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
        shape = image;
        changed();
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
