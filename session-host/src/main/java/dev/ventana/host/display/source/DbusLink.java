package dev.ventana.host.display.source;

import dev.ventana.host.dbus.QemuDbusDisplay;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.rfb.ClipboardListener;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.rfb.FramebufferListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A screen read through QEMU's D-Bus display: QEMU calls us as the guest flushes each change,
 * so there is no refresh timer to hurry after input. The clipboard goes through {@code clipboard},
 * an RFB connection to the guest's VNC server that asks for no pictures (QEMU's VNC server is
 * where its clipboard meets a client's; see RfbClient#clipboardOnly), or nowhere when that could
 * not be opened (null).
 */
record DbusLink(QemuDbusDisplay display, RfbClient clipboard) implements ScreenLink {

    @Override
    public String kind() {
        return "dbus";
    }

    @Override
    public Framebuffer framebuffer() {
        return display.framebuffer();
    }

    @Override
    public void addListener(FramebufferListener listener) {
        display.addListener(listener);
    }

    @Override
    public void removeListener(FramebufferListener listener) {
        display.removeListener(listener);
    }

    @Override
    public CompletableFuture<Void> closed() {
        return display.closed();
    }

    @Override
    public boolean takesKeys() {
        return true;
    }

    @Override
    public void key(int scancode, boolean down) throws IOException {
        display.key(scancode, down);
    }

    @Override
    public void pointer(int x, int y, int rfbButtons) throws IOException {
        display.pointer(x, y, rfbButtons);
    }

    @Override
    public void paste(String text) throws IOException {
        if (clipboard != null) {
            clipboard.paste(text);
        }
    }

    @Override
    public void onClipboard(ClipboardListener listener) {
        if (clipboard != null) {
            clipboard.onClipboard(listener);
        }
    }

    /** The virtio-gpu's hardware cursor, which is not in the picture. */
    @Override
    public void onCursor(Consumer<HostMessage.Cursor> listener) {
        display.onCursor(c -> listener.accept(new HostMessage.Cursor(c.hotX(), c.hotY(), c.width(), c.height(),
                c.rgba())));
    }

    @Override
    public void inputSent() {
        // QEMU's D-Bus display has no timer to hurry: each flush is sent as it happens.
    }

    @Override
    public void close() {
        display.close();
        if (clipboard != null) {
            clipboard.close();
        }
    }
}
