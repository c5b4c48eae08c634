package dev.ventana.host.display.source;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.errors.ErrorKind;
import dev.ventana.host.rfb.FastRefresh;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.FramebufferListener;
import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One guest's screen: the RFB connection to QEMU's VNC server, the {@link FastRefresh} that
 * input starts, the guest's {@link KeyPacing} and {@link LastInput} (which outlives the screen),
 * and its viewers, whom the RFB damage reaches as display {@link Rect}s. A user's viewer that
 * joins takes the screen over from the user's viewer before it; shadows ({@link ViewerRole#SHADOW})
 * join beside it, take nobody over and are taken over by nobody, at most {@link
 * RfbScreenSources#MAX_SHADOWS} at a time.
 * {@link RfbScreenSources} decides who joins and leaves and when the screen ends; the screen
 * tells it, through {@code broke}, when its connection breaks on its own. A screen opens at
 * most once and is not reused after it ends.
 *
 * <p>Thread-safe. {@link #state} guards {@link #ending} and every change to {@link #viewers}, and
 * is held while the connection is published, so a screen that ended while its connection was
 * being opened never publishes it; it is held for nothing that blocks or calls out. {@link
 * #connecting} lets one caller open the connection while the others wait for it; it is held
 * through the handshake and is taken before {@link #state}. The connection and its FastRefresh
 * are written once under both and read without a lock; the viewers are a copy-on-write set, so
 * the RFB reader tells them of damage without a lock.
 */
final class GuestScreen implements ScreenSource, FramebufferListener {
    // Under the registry's name, as before this class was its own: log filters keep working.
    private static final Logger log = LoggerFactory.getLogger(RfbScreenSources.class);

    private final String guestId;
    private final Path vncSocket;
    private final VncDialer dialer;
    private final Consumer<GuestScreen> broke;
    private final LastInput lastInput;
    private final KeyPacing keys = new KeyPacing();
    private final ReentrantLock connecting = new ReentrantLock();
    private final ReentrantLock state = new ReentrantLock();
    // Changed under state; iterated without it by the RFB reader.
    private final Set<ScreenViewer> viewers = new CopyOnWriteArraySet<>();
    // Guarded by state: those of the viewers that watch as shadows.
    private final Set<ScreenViewer> shadows = new HashSet<>();
    // Guarded by state: set once, when the screen is closed or closing.
    private Ending ending;
    // Written once, under connecting and state, fastRefresh first.
    private volatile FastRefresh fastRefresh;
    private volatile RfbClient rfb;
    // Unguarded on purpose: two racing keys at worst warn twice.
    private boolean warnedNoExtendedKeys;

    GuestScreen(String guestId, Path vncSocket, VncDialer dialer, LastInput lastInput, Consumer<GuestScreen> broke) {
        this.guestId = guestId;
        this.vncSocket = vncSocket;
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

    /** Whether the connection was opened (it stays so after closing: a screen is not reused). */
    boolean opened() {
        return rfb != null;
    }

    /** Opens the connection unless it is open; the first viewer's caller waits for the handshake. */
    void connect() throws Refusal {
        connecting.lock();
        try {
            if (rfb != null) {
                return;
            }
            RfbClient client = dialer.dial(guestId, vncSocket);
            client.addListener(this);
            Ending endedMeanwhile;
            state.lock();
            try {
                endedMeanwhile = ending;
                if (endedMeanwhile == null) {
                    fastRefresh = new FastRefresh(client::nudgeRefresh);
                    rfb = client;
                }
            } finally {
                state.unlock();
            }
            if (endedMeanwhile != null) {
                client.close();
                throw new Refusal(endedMeanwhile, "guest " + guestId + " ended while its screen was being opened");
            }
            client.closed().whenComplete((ok, failure) -> broke.accept(this));
            log.info("display of {}: screen opened ({}x{})", guestId, client.framebuffer().width(),
                    client.framebuffer().height());
        } finally {
            connecting.unlock();
        }
    }

    /** Closes the connection if it was opened; called once, by whoever ended the screen. */
    void closeRfb() {
        RfbClient client = rfb;
        if (client != null) {
            fastRefresh.close();
            client.removeListener(this);
            client.close();
            log.info("display of {}: screen closed", guestId);
        }
    }

    @Override
    public int width() {
        return rfb.framebuffer().width();
    }

    @Override
    public int height() {
        return rfb.framebuffer().height();
    }

    @Override
    public <T> T withScreen(Function<Screen, T> action) {
        Framebuffer fb = rfb.framebuffer();
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

    private void deliver(GuestInput input) throws IOException {
        RfbClient client = rfb;
        switch (input) {
            case GuestInput.Key k -> {
                if (!client.extendedKeys()) {
                    // Without QEMU's extended key events only keysyms get through, and the
                    // protocol carries physical keys only: the key cannot be delivered.
                    if (!warnedNoExtendedKeys) {
                        warnedNoExtendedKeys = true;
                        log.warn("display of {}: VNC server has not acknowledged extended key events; key dropped",
                                guestId);
                    }
                    return;
                }
                keys.send(() -> client.key(k.scancode(), 0, k.down()));
                if (k.down()) {
                    fastRefresh.inputSent(); // a release is not answered on screen
                }
            }
            case GuestInput.Pointer p -> {
                client.pointer(p.x(), p.y(), p.rfbButtons());
                fastRefresh.inputSent();
            }
        }
    }

    /** On the RFB reader's thread: passes the damage on in display coordinates, empty rectangles dropped. */
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
