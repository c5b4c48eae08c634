package dev.ventana.host.rfb;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own RFB 3.8 client for QEMU's VNC server on a unix socket: security None, 32-bit true
 * colour, raw encoding plus the desktop-size and QEMU extended-key-event pseudo-encodings.
 * It keeps the framebuffer current by asking for an incremental update after each one and
 * tells listeners which rectangles changed. A malformed message closes the connection and
 * completes {@link #closed()} with the reason; nothing is retried.
 */
public final class RfbClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RfbClient.class);
    private static final int SECURITY_RESULT_OK = 0;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final SocketChannel channel;
    private final DataInputStream in;
    private final RfbLimits limits;
    private final Framebuffer framebuffer;
    private final String desktopName;
    /** The name as the log shows it: escaped, since the server chose its bytes (control characters would forge log lines). */
    private final String logName;
    private final List<FramebufferListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ClipboardListener clipboardListener = text -> { };
    // The text this client last offered the guest, for QEMU's requests; read and written by any thread.
    private volatile String offered = "";
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean extendedKeys;
    private volatile long updates;
    private final boolean followsScreen;

    private RfbClient(SocketChannel channel, RfbLimits limits, boolean followsScreen) throws IOException {
        this.channel = channel;
        this.limits = limits;
        this.followsScreen = followsScreen;
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        byte[] version = in.readNBytes(12);
        if (version.length < 12 || !new String(version, StandardCharsets.US_ASCII).matches("RFB \\d{3}\\.\\d{3}\n")) {
            throw new RfbProtocolException("not an RFB server: greeting " + printable(version));
        }
        int major = Integer.parseInt(new String(version, 4, 3, StandardCharsets.US_ASCII));
        int minor = Integer.parseInt(new String(version, 8, 3, StandardCharsets.US_ASCII));
        if (major != 3 || minor < 8) {
            throw new RfbProtocolException("server speaks RFB " + major + "." + minor + ", this client needs 3.8");
        }
        write(ClientMessages.protocolVersion());
        negotiateSecurity();
        write(ClientMessages.clientInit(true)); // shared: a viewer and a benchmark may watch one guest
        int width = in.readUnsignedShort();
        int height = in.readUnsignedShort();
        in.skipNBytes(16); // the server's pixel format: replaced by ours below
        long nameLength = Integer.toUnsignedLong(in.readInt());
        if (nameLength > limits.maxNameBytes()) {
            throw new RfbProtocolException("desktop name of " + nameLength + " bytes exceeds the limit of "
                    + limits.maxNameBytes());
        }
        byte[] name = in.readNBytes((int) nameLength);
        if (name.length < nameLength) {
            throw new EOFException("server closed inside ServerInit");
        }
        this.desktopName = new String(name, StandardCharsets.UTF_8);
        this.logName = printable(name);
        this.framebuffer = new Framebuffer(1, 1);
        new RfbDecoder(in, framebuffer, limits).checkSize(width, height);
        framebuffer.resize(width, height);
        write(ClientMessages.setPixelFormat(PixelFormat.TRUE_COLOUR_32));
        write(ClientMessages.setEncodings(RfbDecoder.ENCODING_RAW, RfbDecoder.ENCODING_DESKTOP_SIZE,
                RfbDecoder.ENCODING_QEMU_EXTENDED_KEY, ExtendedClipboard.ENCODING));
        if (followsScreen) {
            requestUpdate(false);
        }
    }

    /** Connects, completes the handshake and starts reading on a virtual thread. */
    public static RfbClient connect(Path socket, RfbLimits limits) throws IOException {
        return connect(socket, limits, true);
    }

    /**
     * A connection for the clipboard alone, beside a screen read another way: it never asks for
     * a picture, so QEMU's VNC server sends it none and spends next to nothing on it.
     */
    public static RfbClient clipboardOnly(Path socket) throws IOException {
        return connect(socket, RfbLimits.DEFAULT, false);
    }

    private static RfbClient connect(Path socket, RfbLimits limits, boolean followsScreen) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        // A blocking channel has no read timeout: a server that accepts and then says nothing
        // would hold the caller forever, so the handshake gets a deadline that closes the channel.
        CompletableFuture<Void> handshake = new CompletableFuture<>();
        handshake.orTimeout(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> {
            closeQuietly(channel);
            return null;
        });
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            RfbClient client;
            try {
                client = new RfbClient(channel, limits, followsScreen);
            } catch (AsynchronousCloseException e) {
                throw new IOException("the VNC server at " + socket + " did not complete the handshake within "
                        + HANDSHAKE_TIMEOUT.toSeconds() + " s", e);
            } finally {
                handshake.complete(null);
            }
            Thread.ofVirtual().name("rfb-" + socket.getParent().getFileName()).start(client::readLoop);
            return client;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public static RfbClient connect(Path socket) throws IOException {
        return connect(socket, RfbLimits.DEFAULT);
    }

    private void negotiateSecurity() throws IOException {
        int count = in.readUnsignedByte();
        if (count == 0) {
            throw new RfbProtocolException("server refused the connection: " + readReason());
        }
        byte[] types = in.readNBytes(count);
        if (types.length < count) {
            throw new EOFException("server closed inside the security types");
        }
        boolean none = false;
        for (byte t : types) {
            none |= t == ClientMessages.SECURITY_NONE;
        }
        if (!none) {
            throw new RfbProtocolException("server does not offer security type None");
        }
        write(ClientMessages.securityType(ClientMessages.SECURITY_NONE));
        int result = in.readInt();
        if (result != SECURITY_RESULT_OK) {
            throw new RfbProtocolException("security handshake failed: " + readReason());
        }
    }

    private String readReason() throws IOException {
        long length = Integer.toUnsignedLong(in.readInt());
        byte[] reason = in.readNBytes((int) Math.min(length, limits.maxNameBytes()));
        return printable(reason); // it ends up in an exception's message, and so in a log
    }

    private void readLoop() {
        RfbDecoder decoder = new RfbDecoder(in, framebuffer, limits);
        try {
            while (true) {
                ServerMessage message = decoder.next();
                if (message instanceof ServerMessage.FramebufferUpdate update) {
                    extendedKeys |= update.extendedKeysAcknowledged();
                    updates++;
                    for (FramebufferListener l : listeners) {
                        l.updated(framebuffer, update.changed(), update.resized());
                    }
                    if (followsScreen) {
                        requestUpdate(!update.resized());
                    }
                } else if (message instanceof ServerMessage.Clipboard c && c.event() != null) {
                    clipboard(c.event());
                }
            }
        } catch (IOException e) {
            if (closing.get()) {
                closed.complete(null);
            } else {
                if (e instanceof EOFException) {
                    // QEMU closes the socket when the guest ends: an ordinary end, seen elsewhere too.
                    log.info("RFB connection to {} closed by the server", logName);
                } else {
                    log.warn("RFB connection to {} closed: {}", logName, e.getMessage());
                }
                closed.completeExceptionally(e);
            }
        } catch (RuntimeException e) {
            log.error("RFB listener failed; closing the connection to {}", logName, e);
            closed.completeExceptionally(e);
        } finally {
            closeQuietly();
        }
    }

    public Framebuffer framebuffer() {
        return framebuffer;
    }

    public String desktopName() {
        return desktopName;
    }

    /** Whether the server acknowledged QEMU extended key events (physical key codes). */
    public boolean extendedKeys() {
        return extendedKeys;
    }

    /** How many framebuffer updates arrived so far. */
    public long updates() {
        return updates;
    }

    public void addListener(FramebufferListener listener) {
        listeners.add(listener);
    }

    public void removeListener(FramebufferListener listener) {
        listeners.remove(listener);
    }

    /** Told, on the reader thread, the text each time the guest's clipboard gets some. */
    public void onClipboard(ClipboardListener listener) {
        clipboardListener = listener;
    }

    /**
     * Makes {@code text} the guest's clipboard (through QEMU's qemu-vdagent, when the guest runs
     * its agent): the extended clipboard's notify, then the text itself.
     */
    public void paste(String text) throws IOException {
        offered = text;
        byte[] provide = ExtendedClipboard.provide(text);
        synchronized (channel) { // both at once: QEMU takes a provide only after the notify
            write(ExtendedClipboard.notifyText());
            write(provide);
        }
    }

    private void clipboard(ExtendedClipboard.Event event) throws IOException {
        switch (event) {
            case ExtendedClipboard.Event.TextOffered o -> write(ExtendedClipboard.request());
            case ExtendedClipboard.Event.Text t -> clipboardListener.copied(t.text());
            case ExtendedClipboard.Event.TextWanted w -> write(ExtendedClipboard.provide(offered));
        }
    }

    /** Completes when the connection ends: normally after close(), exceptionally otherwise. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    public void requestUpdate(boolean incremental) throws IOException {
        write(ClientMessages.framebufferUpdateRequest(incremental, 0, 0, framebuffer.width(), framebuffer.height()));
    }

    /**
     * A physical key, as a PC/XT set 1 scancode: 0x00nn, or 0xE0nn for keys with the E0 prefix.
     * keysym is what the key means in the user's layout; QEMU uses the scancode when it
     * acknowledged extended key events and only falls back to the keysym otherwise.
     */
    public void key(int scancode, int keysym, boolean down) throws IOException {
        int prefix = scancode >>> 8;
        int low = scancode & 0xff;
        if ((prefix != 0 && prefix != 0xe0) || low < 1 || low > 0x7f) {
            throw new IllegalArgumentException("not a scancode: 0x" + Integer.toHexString(scancode));
        }
        if (extendedKeys) {
            // QEMU numbers an E0-prefixed key by its second byte with bit 7 set.
            write(ClientMessages.qemuExtendedKeyEvent(down, keysym, prefix == 0xe0 ? 0x80 | low : low));
        } else {
            write(ClientMessages.keyEvent(down, keysym));
        }
    }

    /**
     * A message that changes nothing in the guest but makes QEMU look at the screen again within
     * its shortest interval ({@link FastRefresh}): every input message resets the VNC server's
     * refresh back-off (ui/vnc.c), and the release of a key that is not held is dropped before it
     * reaches the guest (ui/kbd-state.c). Key number 0 is one no viewer can hold: {@link #key}
     * refuses it. Without extended key events there is no such message, and nothing is sent.
     */
    public void nudgeRefresh() throws IOException {
        if (extendedKeys) {
            write(ClientMessages.qemuExtendedKeyEvent(false, 0, 0));
        }
    }

    /** An absolute pointer position (the guest has a virtio tablet) with the button mask, bit 0 = left. */
    public void pointer(int x, int y, int buttons) throws IOException {
        if (buttons < 0 || buttons > 0xff) {
            throw new IllegalArgumentException("button mask " + buttons);
        }
        int cx = Math.clamp(x, 0, Math.max(0, framebuffer.width() - 1));
        int cy = Math.clamp(y, 0, Math.max(0, framebuffer.height() - 1));
        write(ClientMessages.pointerEvent(buttons, cx, cy));
    }

    private void write(byte[] message) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(message);
        synchronized (channel) {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    @Override
    public void close() {
        closing.set(true);
        closeQuietly();
        closed.complete(null);
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }

    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder("\"");
        for (byte b : bytes) {
            s.append(b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return s.append('"').toString();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
