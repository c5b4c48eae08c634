package dev.ventana.host.display.source;

import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.rfb.ClipboardListener;
import dev.ventana.host.rfb.FastRefresh;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.FramebufferListener;
import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A screen read through QEMU's VNC server, with the {@link FastRefresh} that input starts. */
record RfbLink(RfbClient client, FastRefresh fastRefresh) implements ScreenLink {

    RfbLink(RfbClient client) {
        this(client, new FastRefresh(client::nudgeRefresh));
    }

    @Override
    public String kind() {
        return "rfb";
    }

    @Override
    public Framebuffer framebuffer() {
        return client.framebuffer();
    }

    @Override
    public void addListener(FramebufferListener listener) {
        client.addListener(listener);
    }

    @Override
    public void removeListener(FramebufferListener listener) {
        client.removeListener(listener);
    }

    @Override
    public CompletableFuture<Void> closed() {
        return client.closed();
    }

    @Override
    public boolean takesKeys() {
        return client.extendedKeys();
    }

    @Override
    public void key(int scancode, boolean down) throws IOException {
        client.key(scancode, 0, down);
    }

    @Override
    public void pointer(int x, int y, int rfbButtons) throws IOException {
        client.pointer(x, y, rfbButtons);
    }

    @Override
    public void paste(String text) throws IOException {
        client.paste(text);
    }

    @Override
    public void onClipboard(ClipboardListener listener) {
        client.onClipboard(listener);
    }

    /** Never told: QEMU's VNC server draws the pointer into the picture (we ask for no cursor encoding). */
    @Override
    public void onCursor(Consumer<HostMessage.Cursor> listener) {
    }

    @Override
    public void inputSent() {
        fastRefresh.inputSent();
    }

    @Override
    public void close() {
        fastRefresh.close();
        client.close();
    }
}
