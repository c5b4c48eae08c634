package dev.ventana.host.display.source;

import dev.ventana.host.display.Screen;
import dev.ventana.host.display.protocol.HostMessage;
import java.util.Optional;
import java.util.function.Function;

/**
 * A guest's screen as a shadow sees it: the pictures, but no way in. Input sent through it is
 * dropped here, whatever the connection above does with the viewer's messages.
 */
record ShadowView(ScreenSource screen) implements ScreenSource {

    @Override
    public int width() {
        return screen.width();
    }

    @Override
    public int height() {
        return screen.height();
    }

    @Override
    public <T> T withScreen(Function<Screen, T> action) {
        return screen.withScreen(action);
    }

    @Override
    public Optional<HostMessage.Cursor> pointer() {
        return screen.pointer();
    }

    /** Dropped: a shadow's input never reaches the guest, nor counts as its activity. */
    @Override
    public void send(GuestInput input) {
    }

    @Override
    public void release(GuestInput input) {
    }

    @Override
    public void paste(String text) {
    }

    /** A shadow watches the desktop at the user's size. */
    @Override
    public void resizeDesktop(int width, int height) {
    }
}
