package dev.ventana.host.dbus;

import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.FramebufferListener;
import dev.ventana.host.rfb.Rect;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guest's screen and input through QEMU's D-Bus display ({@code -display dbus,p2p=yes}): the
 * control connection handed over by {@link DisplayHandoff}, and a listener registered on console
 * 0 over a socket pair of its own, on which QEMU calls us. QEMU calls {@code Update} as soon as
 * the guest's paravirtual GPU flushes a change (a virtio-gpu {@code RESOURCE_FLUSH}), where its
 * VNC server waits for its next refresh look (30 ms apart at best): the point of this class.
 * The pixels land in a {@link Framebuffer} whose listeners hear of each change on the listener's
 * reader thread, as with the RFB client. Keys and the pointer go back through the console's
 * {@code Keyboard} and {@code Mouse} interfaces. A virtio-gpu's pointer is a hardware cursor,
 * not drawn into the picture: its shape ({@code CursorDefine}) and visibility ({@code MouseSet})
 * reach the {@link #onCursor} listeners, checked and converted by {@link CursorDecoder}.
 * Thread-safe.
 */
public final class QemuDbusDisplay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QemuDbusDisplay.class);
    static final String CONSOLE = "/org/qemu/Display1/Console_0";
    static final String LISTENER = "org.qemu.Display1.Listener";
    /** PIXMAN_x8r8g8b8 and PIXMAN_a8r8g8b8: 32-bit pixels, 0xAARRGGBB in the host's (little) endianness. */
    static final int X8R8G8B8 = 0x20020888;
    static final int A8R8G8B8 = 0x20028888;

    private final String name;
    private final DbusConnection control;
    private final DbusConnection listener;
    private final Framebuffer framebuffer = new Framebuffer(1, 1);
    private final List<FramebufferListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> firstScanout = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final CursorDecoder cursors = new CursorDecoder();
    private final PointerState pointer = new PointerState();
    private volatile boolean warnedFormat;
    private volatile boolean warnedCursor;
    private volatile long updates;
    private final AtomicInteger inputFailures = new AtomicInteger();
    private int buttons; // guarded by this: the mouse buttons held, as an RFB mask

    private QemuDbusDisplay(String name, AFUNIXSocketChannel controlEnd, AFUNIXSocketChannel listenerEnd,
            AFUNIXSocketChannel listenerQemuEnd, Duration timeout) throws IOException {
        this.name = name;
        this.control = DbusConnection.open(controlEnd, name + "-control",
                call -> DbusConnection.Failure.unknownMethod(call));
        CompletableFuture<DbusMessage> registered = control.call(CONSOLE, "org.qemu.Display1.Console",
                "RegisterListener", "h", new DbusWriter().u32(0), listenerQemuEnd.getFileDescriptor());
        closeOurCopy(listenerQemuEnd);
        // QEMU answers, then authenticates the listener's connection: both sides wait for each other.
        this.listener = DbusConnection.open(listenerEnd, name + "-listener", this::listenerCall);
        await(registered, timeout, "RegisterListener");
        await(firstScanout, timeout, "the first scanout");
        control.closed().whenComplete((ok, e) -> ended(e));
        listener.closed().whenComplete((ok, e) -> ended(e));
    }

    /**
     * Connects to the guest whose display monitor listens on {@code monitor} and waits, at most
     * {@code timeout} for each step, for the listener's first picture.
     */
    public static QemuDbusDisplay connect(Path monitor, String name, Duration timeout) throws IOException {
        AFUNIXSocketPair<AFUNIXSocketChannel> control = AFUNIXSocketPair.open();
        AFUNIXSocketPair<AFUNIXSocketChannel> listen = AFUNIXSocketPair.open();
        // The handoff's and the authentications' reads have no timeout of their own: a QEMU that
        // stops answering has its sockets closed under them, which ends each read.
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.orTimeout(timeout.toMillis() * 3, TimeUnit.MILLISECONDS).exceptionally(e -> {
            closeQuietly(control);
            closeQuietly(listen);
            return null;
        });
        try {
            new DisplayHandoff().handOver(monitor, control.getSocket2().getFileDescriptor(), timeout);
            closeOurCopy(control.getSocket2());
            QemuDbusDisplay display = new QemuDbusDisplay(name, control.getSocket1(), listen.getSocket1(),
                    listen.getSocket2(), timeout);
            if (!done.complete(null)) {
                display.close();
                throw new IOException("no D-Bus display within " + timeout.toMillis() * 3 + " ms");
            }
            return display;
        } catch (IOException | RuntimeException e) {
            done.complete(null);
            closeQuietly(control);
            closeQuietly(listen);
            throw e;
        }
    }

    /**
     * Closes our descriptor of an end QEMU now holds a copy of, without the shutdown junixsocket's
     * close does (which ends the socket for QEMU too; its setShutdownOnClose(false) did not stop
     * it): the JDK closes the bare descriptor and marks it invalid, so the channel's own close (or
     * cleaner) later finds nothing to close.
     */
    private static void closeOurCopy(AFUNIXSocketChannel qemuEnd) throws IOException {
        new java.io.FileInputStream(qemuEnd.getFileDescriptor()).close();
        qemuEnd.close();
    }

    private static void closeQuietly(AFUNIXSocketPair<AFUNIXSocketChannel> pair) {
        try {
            pair.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    private static void await(CompletableFuture<?> f, Duration timeout, String what) throws IOException {
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(what + ": no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + what);
        }
    }

    public Framebuffer framebuffer() {
        return framebuffer;
    }

    /** How many pictures (scanouts and updates) arrived so far. */
    public long updates() {
        return updates;
    }

    public void addListener(FramebufferListener l) {
        listeners.add(l);
    }

    public void removeListener(FramebufferListener l) {
        listeners.remove(l);
    }

    /**
     * Tells {@code listener}, on the listener's reader thread, each change of the guest's pointer:
     * its shape, or {@link CursorImage#HIDDEN}; at once the current one, if the guest defined one.
     * The listener must not block.
     */
    public void onCursor(Consumer<CursorImage> listener) {
        pointer.listen(listener);
    }

    /** What the guest's pointer looks like now; null until the guest defined it. */
    public CursorImage cursor() {
        return pointer.current();
    }

    /** Completes when either connection ends: normally after {@link #close}, exceptionally otherwise. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** A physical key as an XT scancode (0x00nn, or 0xE0nn), as {@code RfbClient.key} takes it. */
    public void key(int scancode, boolean down) throws IOException {
        int prefix = scancode >>> 8;
        int low = scancode & 0xff;
        if ((prefix != 0 && prefix != 0xe0) || low < 1 || low > 0x7f) {
            throw new IllegalArgumentException("not a scancode: 0x" + Integer.toHexString(scancode));
        }
        // QEMU's key numbers, like its VNC extension's: an E0-prefixed key is its second byte | 0x80.
        int number = prefix == 0xe0 ? 0x80 | low : low;
        input("org.qemu.Display1.Keyboard", down ? "Press" : "Release", "u", new DbusWriter().u32(number));
    }

    /** An absolute position and an RFB button mask (bit 0 left, 1 middle, 2 right, 3-4 wheel, 5-6 side). */
    public synchronized void pointer(int x, int y, int rfbButtons) throws IOException {
        int cx = Math.clamp(x, 0, Math.max(0, framebuffer.width() - 1));
        int cy = Math.clamp(y, 0, Math.max(0, framebuffer.height() - 1));
        input("org.qemu.Display1.Mouse", "SetAbsPosition", "uu", new DbusWriter().u32(cx).u32(cy));
        int changed = buttons ^ rfbButtons;
        for (int b = 0; b < 7; b++) {
            if ((changed & (1 << b)) != 0) {
                boolean down = (rfbButtons & (1 << b)) != 0;
                // D-Bus numbers the buttons as RFB's mask bits: left, middle, right, wheel up, down, side, extra.
                input("org.qemu.Display1.Mouse", down ? "Press" : "Release", "u", new DbusWriter().u32(b));
            }
        }
        buttons = rfbButtons;
    }

    /** Input QEMU refused so far (the first is logged); for tests. */
    public int inputFailures() {
        return inputFailures.get();
    }

    /**
     * Sends input without waiting for QEMU's answer (a key must not wait for one), and counts and
     * logs a refusal when it comes: QEMU refuses a position when the guest's pointer is relative.
     */
    private void input(String iface, String member, String signature, DbusWriter args) throws IOException {
        control.call(CONSOLE, iface, member, signature, args).whenComplete((reply, failure) -> {
            if (failure != null && !closed.isDone() && inputFailures.getAndIncrement() == 0) {
                log.warn("display of {}: QEMU refused {}.{}: {}", name, iface, member, failure.getMessage());
            }
        });
    }

    @Override
    public void close() {
        listener.close();
        control.close();
        closed.complete(null);
    }

    private void ended(Throwable failure) {
        if (failure == null) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(failure);
        }
        listener.close();
        control.close();
    }

    /** On the listener's reader thread. */
    private DbusConnection.Failure listenerCall(DbusMessage call) {
        if (!LISTENER.equals(call.iface())) {
            return DbusConnection.Failure.unknownMethod(call); // Properties.GetAll, Introspect: we have none
        }
        DbusBody in = call.read();
        switch (call.member()) {
            case "Scanout" -> {
                int w = in.u32();
                int h = in.u32();
                int stride = in.u32();
                int format = in.u32();
                paint(0, 0, w, h, stride, format, in.bytes(), true);
                firstScanout.complete(null);
            }
            case "Update" -> {
                int x = in.i32();
                int y = in.i32();
                int w = in.i32();
                int h = in.i32();
                int stride = in.u32();
                int format = in.u32();
                paint(x, y, w, h, stride, format, in.bytes(), false);
            }
            case "CursorDefine" -> cursorDefine(call);
            case "MouseSet" -> {
                if ("iii".equals(call.signature())) {
                    in.i32(); // where: the viewer's own pointer is there already
                    in.i32();
                    pointer.show(in.i32() != 0);
                }
            }
            case "Disable", "UpdateDMABUF" -> { }
            default -> {
                return DbusConnection.Failure.unknownMethod(call); // ScanoutDMABUF: only with OpenGL
            }
        }
        return null;
    }

    /** The guest chooses the values: a malformed shape is dropped (and logged once), never fatal. */
    private void cursorDefine(DbusMessage call) {
        try {
            if (!"iiiiay".equals(call.signature())) {
                throw new IllegalArgumentException("signature " + call.signature());
            }
            DbusBody in = call.read();
            int w = in.i32();
            int h = in.i32();
            int hotX = in.i32();
            int hotY = in.i32();
            pointer.define(cursors.decode(w, h, hotX, hotY, in.bytes()));
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            if (!warnedCursor) {
                warnedCursor = true;
                log.warn("display of {}: pointer shape dropped (further ones are not logged): {}", name, e.getMessage());
            }
        }
    }

    private void paint(int x, int y, int w, int h, int stride, int format, ByteBuffer data, boolean scanout) {
        if (format != X8R8G8B8 && format != A8R8G8B8) {
            if (!warnedFormat) {
                warnedFormat = true;
                log.warn("display of {}: pixel format 0x{} not supported; picture dropped", name,
                        Integer.toHexString(format));
            }
            return;
        }
        if (w <= 0 || h <= 0 || x < 0 || y < 0 || stride < w * 4 || (long) stride * (h - 1) + w * 4L > data.remaining()) {
            log.warn("display of {}: malformed picture {}x{}+{}+{} stride {} with {} bytes", name, w, h, x, y, stride,
                    data.remaining());
            return;
        }
        boolean resized = false;
        framebuffer.lock().lock();
        try {
            if (scanout && (w != framebuffer.width() || h != framebuffer.height())) {
                framebuffer.resize(w, h);
                resized = true;
            }
            if (x + w > framebuffer.width() || y + h > framebuffer.height()) {
                return; // an update for a surface since replaced
            }
            int[] argb = framebuffer.argb();
            int fw = framebuffer.width();
            for (int row = 0; row < h; row++) {
                IntBuffer src = data.slice(row * stride, w * 4).order(data.order()).asIntBuffer();
                int at = (y + row) * fw + x;
                src.get(argb, at, w);
                for (int i = at; i < at + w; i++) {
                    argb[i] |= 0xff000000;
                }
            }
        } finally {
            framebuffer.lock().unlock();
        }
        updates++;
        List<Rect> changed = List.of(new Rect(x, y, w, h));
        for (FramebufferListener l : listeners) {
            l.updated(framebuffer, changed, resized);
        }
    }
}
