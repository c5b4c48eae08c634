package dev.ventana.host.display.source;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.errors.ErrorKind;
import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.rfb.FastRefresh;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.FramebufferListener;
import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guests' screens, read through QEMU's VNC server: one {@link RfbClient} per guest, opened
 * when its first viewer comes and closed when its last one leaves, so a guest nobody watches
 * costs no bandwidth and no CPU. When a guest ends, every viewer of it is told how: 1000
 * {@code SESSION_ENDED} if it stopped normally, {@code UPSTREAM_FAILED} if it failed or its screen
 * connection broke while it was still meant to run.
 */
public final class RfbScreenSources implements ScreenSources, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RfbScreenSources.class);

    public static final int DEFAULT_MAX_VIEWERS = 8;
    /** A QEMU whose VNC server does not answer the handshake in this time counts as unreachable. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** After the screen connection breaks, how long the engine may take to say how the guest ended. */
    static final Duration END_GRACE = Duration.ofSeconds(3);

    /** Opens an RFB connection to a VNC socket; a seam for tests. */
    @FunctionalInterface
    public interface Connector {
        RfbClient connect(Path vncSocket) throws IOException;
    }

    private final GuestEngine engine;
    private final Connector connector;
    private final int maxViewers;
    private final Duration connectTimeout;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, GuestScreen> screens = new HashMap<>();
    private boolean closed;

    public RfbScreenSources(GuestEngine engine, Connector connector, int maxViewers, Duration connectTimeout) {
        this.engine = engine;
        this.connector = connector;
        this.maxViewers = maxViewers;
        this.connectTimeout = connectTimeout;
        engine.subscribe(this::guestChanged);
    }

    public RfbScreenSources(GuestEngine engine) {
        this(engine, RfbClient::connect, DEFAULT_MAX_VIEWERS, CONNECT_TIMEOUT);
    }

    @Override
    public Lease open(String guestId, ScreenViewer viewer) throws Refusal {
        GuestInfo info = engine.find(guestId)
                .orElseThrow(() -> new Refusal(Ending.of(ErrorKind.NOT_FOUND), "no guest " + guestId));
        switch (info.state()) {
            case STOPPING, STOPPED -> throw new Refusal(Ending.SESSION_ENDED, "guest " + guestId + " is " + info.state());
            case FAILED -> throw new Refusal(Ending.of(ErrorKind.UPSTREAM_FAILED), "guest " + guestId + " failed");
            // STARTING is served when QEMU's VNC server is up: the viewer watches the boot.
            case STARTING, RUNNING -> { }
        }
        GuestScreen screen;
        synchronized (this) {
            if (closed) {
                throw new Refusal(Ending.of(ErrorKind.UNAVAILABLE), "the host is shutting down");
            }
            screen = screens.computeIfAbsent(guestId, id -> new GuestScreen(id, info.paths().vncSocket()));
            if (screen.viewers.size() >= maxViewers) {
                throw new Refusal(Ending.of(ErrorKind.UNAVAILABLE), "guest " + guestId + " has " + maxViewers + " viewers");
            }
            screen.viewers.add(viewer);
        }
        try {
            screen.connect();
        } catch (Refusal r) {
            leave(screen, viewer);
            throw r;
        }
        return new GuestLease(screen, viewer);
    }

    /** Guests whose screen is open now (one RFB connection each); for tests and metrics. */
    public synchronized int openScreens() {
        return (int) screens.values().stream().filter(s -> s.rfb != null).count();
    }

    /** Viewers of one guest now. */
    public synchronized int viewers(String guestId) {
        GuestScreen s = screens.get(guestId);
        return s == null ? 0 : s.viewers.size();
    }

    /** Ends every viewer with {@code UNAVAILABLE} (the host is shutting down) and closes every screen. */
    @Override
    public void close() {
        List<GuestScreen> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(screens.values());
        }
        for (GuestScreen s : all) {
            end(s, Ending.of(ErrorKind.UNAVAILABLE));
        }
        background.shutdownNow();
    }

    private void leave(GuestScreen screen, ScreenViewer viewer) {
        boolean last;
        synchronized (this) {
            screen.viewers.remove(viewer);
            last = screen.viewers.isEmpty() && screen.ending == null;
            if (last) {
                screen.ending = Ending.SESSION_ENDED; // nobody left to tell
                screens.remove(screen.guestId, screen);
            }
        }
        if (last) {
            screen.closeRfb();
        }
    }

    private void end(GuestScreen screen, Ending ending) {
        List<ScreenViewer> viewers;
        synchronized (this) {
            if (screen.ending != null) {
                return;
            }
            screen.ending = ending;
            screens.remove(screen.guestId, screen);
            viewers = List.copyOf(screen.viewers);
        }
        screen.closeRfb();
        if (!viewers.isEmpty()) {
            log.info("display of {}: screen ended with {} {}, closing {} viewer(s)", screen.guestId, ending.code(),
                    ending.reason(), viewers.size());
        }
        for (ScreenViewer v : viewers) {
            try {
                v.ended(ending);
            } catch (RuntimeException e) {
                log.warn("display of {}: a viewer failed to end", screen.guestId, e);
            }
        }
    }

    private void guestChanged(GuestInfo info) {
        if (!info.state().isFinal()) {
            return;
        }
        GuestScreen screen;
        synchronized (this) {
            screen = screens.get(info.id());
        }
        if (screen != null) {
            Ending ending = info.state() == GuestState.STOPPED ? Ending.SESSION_ENDED : Ending.of(ErrorKind.UPSTREAM_FAILED);
            background.execute(() -> end(screen, ending)); // never block the engine's thread
        }
    }

    /** The screen connection broke on its own: wait briefly for the engine to tell why. */
    private void rfbBroke(GuestScreen screen) {
        synchronized (this) {
            if (screen.ending != null) {
                return; // closed by us
            }
        }
        background.execute(() -> end(screen, howEnded(screen.guestId)));
    }

    private Ending howEnded(String guestId) {
        long deadline = System.nanoTime() + END_GRACE.toNanos();
        GuestState state = null;
        while (true) {
            Optional<GuestInfo> info = engine.find(guestId);
            state = info.map(GuestInfo::state).orElse(null);
            if (state == null || state.isFinal() || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return state == GuestState.STOPPED || state == GuestState.STOPPING
                ? Ending.SESSION_ENDED
                : Ending.of(ErrorKind.UPSTREAM_FAILED);
    }

    private final class GuestLease implements Lease {
        private final GuestScreen screen;
        private final ScreenViewer viewer;
        private boolean released;

        GuestLease(GuestScreen screen, ScreenViewer viewer) {
            this.screen = screen;
            this.viewer = viewer;
        }

        @Override
        public ScreenSource source() {
            return screen;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            leave(screen, viewer);
        }
    }

    /** One guest's screen: its RFB connection and its viewers. */
    private final class GuestScreen implements ScreenSource, FramebufferListener {
        final String guestId;
        final Path vncSocket;
        final CopyOnWriteArraySet<ScreenViewer> viewers = new CopyOnWriteArraySet<>();
        /** Set once, under the registry's lock: the screen is closed or closing. */
        Ending ending;
        volatile RfbClient rfb;
        volatile FastRefresh fastRefresh;
        private final ReentrantLock connecting = new ReentrantLock();
        private final KeyPacing keys = new KeyPacing();
        private boolean warnedNoExtendedKeys;

        GuestScreen(String guestId, Path vncSocket) {
            this.guestId = guestId;
            this.vncSocket = vncSocket;
        }

        void connect() throws Refusal {
            connecting.lock();
            try {
                if (rfb != null) {
                    return;
                }
                RfbClient client = connectWithin(connectTimeout);
                client.addListener(this);
                boolean dropped;
                synchronized (RfbScreenSources.this) {
                    dropped = ending != null;
                    if (!dropped) {
                        fastRefresh = new FastRefresh(client::nudgeRefresh);
                        rfb = client;
                    }
                }
                if (dropped) {
                    client.close();
                    throw new Refusal(ending, "guest " + guestId + " ended while its screen was being opened");
                }
                client.closed().whenComplete((ok, failure) -> rfbBroke(this));
                log.info("display of {}: screen opened ({}x{})", guestId, client.framebuffer().width(),
                        client.framebuffer().height());
            } finally {
                connecting.unlock();
            }
        }

        private RfbClient connectWithin(Duration timeout) throws Refusal {
            Future<RfbClient> f = background.submit(() -> connector.connect(vncSocket));
            try {
                return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true); // interrupting the reader closes its channel
                throw new Refusal(Ending.of(ErrorKind.UPSTREAM_FAILED), "guest " + guestId + ": VNC server silent");
            } catch (ExecutionException e) {
                throw new Refusal(Ending.of(ErrorKind.UPSTREAM_FAILED),
                        "guest " + guestId + ": cannot open the screen: " + e.getCause());
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new Refusal(Ending.of(ErrorKind.UNAVAILABLE), "interrupted");
            }
        }

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
                }
                case GuestInput.Pointer p -> client.pointer(p.x(), p.y(), p.rfbButtons());
            }
            fastRefresh.inputSent();
        }

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
}
