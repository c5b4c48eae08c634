package dev.ventana.host.display.source;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.Ending;
import java.util.List;

/** What a screen source tells each of its viewers; called on the source's thread, so it must not block. */
public interface ScreenViewer {

    /** Pixels under these rectangles changed (already written); {@code resized}: the size changed too. */
    void damaged(List<Rect> changed, boolean resized, long nowNanos);

    /** Text copied in the guest, for the user's viewer only (never a shadow); must not block. */
    default void copied(String text) {
    }

    /**
     * The guest's pointer shape changed: {@link ScreenSource#pointer} has the new one. Told to
     * every viewer, shadows too; must not block.
     */
    default void pointerChanged() {
    }

    /** The source is gone, or another viewer took the guest over: the viewer must end with this. */
    void ended(Ending ending);
}
