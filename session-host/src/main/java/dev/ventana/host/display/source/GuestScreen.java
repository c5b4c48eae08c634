package dev.ventana.host.display.source;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.protocol.ClipboardText;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.MessageType;
import dev.ventana.host.errors.ErrorKind;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.FramebufferListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One guest's screen: its {@link ScreenLink} (QEMU's D-Bus display, or the RFB connection to its
 * VNC server, see {@link ScreenDialer}), the guest's {@link KeyPacing} and {@link LastInput} (which
 * outlives the screen), and its viewers, whom the link's damage reaches as display {@link Rect}s. A user's viewer that
 * joins takes the screen over from the user's viewer before it; shadows ({@link ViewerRole#SHADOW})
 * join beside it, take nobody over and are taken over by nobody, at most {@link
 * RfbScreenSources#MAX_SHADOWS} at a time.
 * {@link RfbScreenSources} decides who joins and leaves and when the screen ends; the screen
 * tells it, through {@code broke}, when its connection breaks on its own. A screen opens at
 * most once and is not reused after it ends.
 *
 * <p>Thread-safe. {@link #state} guards {@link #ending} and every change to {@link #viewers}, and
 * is held while the link is published, so a screen that ended while its link was being opened
 * never publishes it; it is held for nothing that blocks or calls out. {@link #connecting} lets
 * one caller open the link while the others wait for it; it is held through the handshake and is
 * taken before {@link #state}. The link is written once under both and read without a lock; the
 * viewers are a copy-on-write set, so the link's reader tells them of damage without a lock.
 */
final class GuestScreen implements ScreenSource, FramebufferListener {
    // Under the registry's name, as before this class was its own: log filters keep working.
    private static final Logger log = LoggerFactory.getLogger(RfbScreenSources.class);

    static final int MIN_WIDTH = 640;
    static final int MIN_HEIGHT = 480;
    static final int MAX_WIDTH = 2560;
    static final int MAX_HEIGHT = 1600;

    private final String guestId;
    private final Path vncSocket;
    private final Path displayMonitor;
    private final ScreenDialer dialer;
    private final Consumer<GuestScreen> broke;
    private final BiConsumer<Integer, Integer> resizer;
    private final LastInput lastInput;
    private final KeyPacing keys = new KeyPacing();
    private final ReentrantLock connecting = new ReentrantLock();
    private final ReentrantLock state = new ReentrantLock();
    // Changed under state; iterated without it by the link's reader.
    private final Set<ScreenViewer> viewers = new CopyOnWriteArraySet<>();
    // Guarded by state: those of the viewers that watch as shadows.
    private final Set<ScreenViewer> shadows = new HashSet<>();
    // Guarded by state: set once, when the screen is closed or closing.
    private Ending ending;
    // Written once, under connecting and state.
    private volatile ScreenLink link;
    // The guest's pointer shape, as its link last told (null: none told); written by the link's reader.
    private volatile HostMessage.Cursor pointer;
    // Unguarded on purpose: two racing keys at worst warn twice.
    private boolean warnedNoExtendedKeys;

    /**
     * {@code displayMonitor}: where QEMU's display monitor would listen (null: the guest has none);
     * {@code resizer} asks the guest's desktop for a size (the engine's, in the background).
     */
    GuestScreen(String guestId, Path vncSocket, Path displayMonitor, ScreenDialer dialer, LastInput lastInput,
            Consumer<GuestScreen> broke, BiConsumer<Integer, Integer> resizer) {
        this.resizer = resizer;
        this.guestId = guestId;
        this.vncSocket = vncSocket;
        this.displayMonitor = displayMonitor;
        this.dialer = dialer;
        this.lastInput = lastInput;
        this.broke = broke;
    }

    String guestId() {
        return guestId;
    }

    /**
     * Joins {@code viewer} to the screen. A user's viewer takes the guest over: it replaces the
     * user's viewers before it, which are returned for the caller to end (they get no more damage
     * from now on). A shadow replaces nobody.
     *
     * @throws Refusal with {@code TOO_MANY_REQUESTS} for a shadow beyond {@link RfbScreenSources#MAX_SHADOWS}
     */
    List<ScreenViewer> join(ScreenViewer viewer, ViewerRole role) throws Refusal {
        state.lock();
        try {
            if (role == ViewerRole.SHADOW) {
                if (shadows.size() >= RfbScreenSources.MAX_SHADOWS) {
                    throw new Refusal(Ending.of(ErrorKind.TOO_MANY_REQUESTS), "guest " + guestId + " has "
                            + shadows.size() + " shadows already");
                }
                shadows.add(viewer);
                viewers.add(viewer);
                return List.of();
            }
            List<ScreenViewer> replaced = viewers.stream().filter(v -> !shadows.contains(v)).toList();
            viewers.removeAll(replaced);
            viewers.add(viewer);
            return replaced;
        } finally {
            state.unlock();
        }
    }

    /**
     * Removes {@code viewer}. True if it was the last one of a screen that had not ended: the
     * screen now counts as ended (with nobody left to tell) and the caller closes it. A viewer
     * that was taken over is no longer there, and its leaving changes nothing.
     */
    boolean leave(ScreenViewer viewer) {
        state.lock();
        try {
            shadows.remove(viewer);
            if (viewers.remove(viewer) && viewers.isEmpty() && ending == null) {
                ending = Ending.SESSION_ENDED;
                return true;
            }
            return false;
        } finally {
            state.unlock();
        }
    }

    /** Ends the screen with {@code how}: the viewers to tell, or empty if it had ended already. */
    Optional<List<ScreenViewer>> end(Ending how) {
        state.lock();
        try {
            if (ending != null) {
                return Optional.empty();
            }
            ending = how;
            return Optional.of(List.copyOf(viewers));
        } finally {
            state.unlock();
        }
    }

    boolean ended() {
        state.lock();
        try {
            return ending != null;
        } finally {
            state.unlock();
        }
    }

    /** The user's viewers watching now (shadows not counted): 1, or 0 while nobody or only shadows watch. */
    int userViewers() {
        state.lock();
        try {
            return viewers.size() - shadows.size();
        } finally {
            state.unlock();
        }
    }

    /** Whether the link was opened (it stays so after closing: a screen is not reused). */
    boolean opened() {
        return link != null;
    }

    /** "dbus" or "rfb" once opened, else null; for tests and the logs. */
    String linkKind() {
        ScreenLink l = link;
        return l == null ? null : l.kind();
    }

    /** Opens the link unless it is open; the first viewer's caller waits for the handshake. */
    void connect() throws Refusal {
        connecting.lock();
        try {
            if (link != null) {
                return;
            }
            ScreenLink client = dialer.dial(guestId, vncSocket, displayMonitor);
            client.addListener(this);
            client.onClipboard(this::copied);
            client.onCursor(this::pointerShaped);
            Ending endedMeanwhile;
            state.lock();
            try {
                endedMeanwhile = ending;
                if (endedMeanwhile == null) {
                    link = client;
                }
            } finally {
                state.unlock();
            }
            if (endedMeanwhile != null) {
                client.close();
                throw new Refusal(endedMeanwhile, "guest " + guestId + " ended while its screen was being opened");
            }
            client.closed().whenComplete((ok, failure) -> broke.accept(this));
            log.info("display of {}: screen opened over {} ({}x{})", guestId, client.kind(), client.framebuffer().width(),
                    client.framebuffer().height());
        } finally {
            connecting.unlock();
        }
    }

    /** Closes the link if it was opened; called once, by whoever ended the screen. */
    void closeLink() {
        ScreenLink client = link;
        if (client != null) {
            client.removeListener(this);
            client.close();
            log.info("display of {}: screen closed", guestId);
        }
    }

    @Override
    public int width() {
        return link.framebuffer().width();
    }

    @Override
    public int height() {
        return link.framebuffer().height();
    }

    @Override
    public <T> T withScreen(Function<Screen, T> action) {
        Framebuffer fb = link.framebuffer();
        fb.lock().lock();
        try {
            return action.apply(new Picture(fb.width(), fb.height(), fb.argb()));
        } finally {
            fb.lock().unlock();
        }
    }

    @Override
    public void send(GuestInput input) throws IOException {
        lastInput.touch(); // whether or not it gets through: the viewer is active
        deliver(input);
    }

    @Override
    public void release(GuestInput input) throws IOException {
        deliver(input);
    }

    @Override
    public void paste(String text) throws IOException {
        lastInput.touch();
        link.paste(text);
    }

    /**
     * Within what the display device takes: QEMU's standard VGA has 16 MiB, 2560x1600 at 32 bits;
     * widths in multiples of 8, as display modes have them.
     */
    @Override
    public void resizeDesktop(int width, int height) {
        resizer.accept(Math.clamp(width, MIN_WIDTH, MAX_WIDTH) / 8 * 8, Math.clamp(height, MIN_HEIGHT, MAX_HEIGHT));
    }

    /** On the RFB reader's thread: what the guest copied goes to the user's viewer, never to a shadow. */
    private void copied(String text) {
        if (ClipboardText.utf8Length(text) > MessageType.MAX_CLIPBOARD_BYTES) {
            log.info("display of {}: the guest copied over {} KiB of text; not passed on", guestId,
                    MessageType.MAX_CLIPBOARD_BYTES / 1024);
            return;
        }
        List<ScreenViewer> users;
        state.lock();
        try {
            users = viewers.stream().filter(v -> !shadows.contains(v)).toList();
        } finally {
            state.unlock();
        }
        users.forEach(v -> v.copied(text));
    }

    @Override
    public Optional<HostMessage.Cursor> pointer() {
        return Optional.ofNullable(pointer);
    }

    /**
     * On the link's reader thread: kept for viewers that join later, and every viewer told. A
     * viewer reads the shape when it sends, so only the latest counts and none goes stale.
     */
    private void pointerShaped(HostMessage.Cursor shape) {
        pointer = shape;
        viewers.forEach(ScreenViewer::pointerChanged);
    }

    private void deliver(GuestInput input) throws IOException {
        ScreenLink client = link;
        switch (input) {
            case GuestInput.Key k -> {
                if (!client.takesKeys()) {
                    // Without QEMU's extended key events only keysyms get through, and the
                    // protocol carries physical keys only: the key cannot be delivered.
                    if (!warnedNoExtendedKeys) {
                        warnedNoExtendedKeys = true;
                        log.warn("display of {}: VNC server has not acknowledged extended key events; key dropped",
                                guestId);
                    }
                    return;
                }
                keys.send(() -> client.key(k.scancode(), k.down()));
                if (k.down()) {
                    client.inputSent(); // a release is not answered on screen
                }
            }
            case GuestInput.Pointer p -> {
                client.pointer(p.x(), p.y(), p.rfbButtons());
                client.inputSent();
            }
        }
    }

    /** On the link's reader thread: passes the damage on in display coordinates, empty rectangles dropped. */
    @Override
    public void updated(Framebuffer framebuffer, List<dev.ventana.host.rfb.Rect> changed, boolean resized) {
        List<Rect> rects = new ArrayList<>(changed.size());
        for (dev.ventana.host.rfb.Rect r : changed) {
            if (!r.isEmpty()) {
                rects.add(new Rect(r.x(), r.y(), r.width(), r.height()));
            }
        }
        if (rects.isEmpty() && !resized) {
            return;
        }
        long now = System.nanoTime();
        for (ScreenViewer v : viewers) {
            v.damaged(rects, resized, now);
        }
    }
}
