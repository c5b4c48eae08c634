package dev.ventana.host.display.source;

import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.rfb.ClipboardListener;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.FramebufferListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A guest's open screen connection, as {@link GuestScreen} uses it: the picture, the changes to
 * it (told on the link's reader thread) and the way back for input. {@link RfbLink} reads QEMU's
 * VNC server; {@link DbusLink} QEMU's D-Bus display, which is told of each change as the guest's
 * virtio-gpu flushes it rather than on a refresh timer.
 */
sealed interface ScreenLink extends AutoCloseable permits RfbLink, DbusLink {

    /** "rfb" or "dbus", for the logs. */
    String kind();

    Framebuffer framebuffer();

    void addListener(FramebufferListener listener);

    void removeListener(FramebufferListener listener);

    /** Completes when the link ends: normally after {@link #close}, exceptionally otherwise. */
    CompletableFuture<Void> closed();

    /** Whether keys get through (QEMU's VNC server may not have acknowledged physical key events). */
    boolean takesKeys();

    /** A physical key as an XT scancode (0x00nn, or 0xE0nn). */
    void key(int scancode, boolean down) throws IOException;

    /** An absolute position with an RFB button mask. */
    void pointer(int x, int y, int rfbButtons) throws IOException;

    /** Makes {@code text} the guest's clipboard. */
    void paste(String text) throws IOException;

    /** Told, on a reader thread, what the guest copies. */
    void onClipboard(ClipboardListener listener);

    /**
     * Told, on a reader thread, each change of the guest's pointer shape (hidden: 0x0), and at
     * once the current one if known. Only a D-Bus display reports one: over RFB QEMU draws the
     * pointer into the picture.
     */
    void onCursor(Consumer<HostMessage.Cursor> listener);

    /** Input went to the guest: a link that looks for changes on a timer looks soon. */
    void inputSent();

    @Override
    void close();
}
