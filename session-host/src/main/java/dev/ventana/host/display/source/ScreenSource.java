package dev.ventana.host.display.source;

import dev.ventana.host.display.Screen;
import dev.ventana.host.display.protocol.HostMessage;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * One guest's screen and input, shared by all its viewers, whether read through QEMU's D-Bus
 * display or its VNC server: the endpoint sees only this.
 */
public interface ScreenSource {

    /** The screen's current size. */
    int width();

    int height();

    /** Runs {@code action} while the pixels hold still (the source's writer waits meanwhile). */
    <T> T withScreen(Function<Screen, T> action);

    /**
     * The guest's pointer shape now (hidden: 0x0), or empty while the viewer's own default pointer
     * should show: over RFB (QEMU draws the pointer into the picture) and before a D-Bus guest
     * defined one.
     */
    default Optional<HostMessage.Cursor> pointer() {
        return Optional.empty();
    }

    /**
     * Passes a viewer's input to the guest; keys are paced so that the guest's keyboard buffer
     * never overflows. It counts as the guest's activity.
     */
    void send(GuestInput input) throws IOException;

    /**
     * Passes input the host makes up when a viewer goes (releasing what it held), like {@link
     * #send}; nobody sent it, so it does not count as the guest's activity.
     */
    void release(GuestInput input) throws IOException;

    /** Makes {@code text} the guest's clipboard (docs/protocol.md, "Clipboard"); it counts as activity. */
    void paste(String text) throws IOException;

    /**
     * Asks the guest's desktop to take this size, or the nearest it can (docs/protocol.md,
     * "Resize"); the screen changes size if and when the guest does.
     */
    void resizeDesktop(int width, int height);
}
