package dev.ventana.host.display.source;

import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.errors.ErrorKind;
import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.dbus.QemuDbusDisplay;
import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guests' screens, read through QEMU's VNC server: one {@link RfbClient} per guest, opened
 * when a viewer comes and closed when it leaves, so a guest nobody watches costs no bandwidth
 * and no CPU. One user's viewer at a time: a user's viewer that comes takes the guest over, and
 * the one watching until then (a user who roamed to another browser left it behind) is ended with
 * 1000 {@code TAKEN_OVER}. Beside it, up to {@link #MAX_SHADOWS} shadows ({@link ViewerRole}) watch
 * read-only: their leases' sources drop input, they take nobody over and are not taken over.
 * When a guest ends, its viewers are told how: 1000 {@code SESSION_ENDED} if it stopped normally,
 * {@code UPSTREAM_FAILED} if it failed or its screen connection broke while it was still meant to
 * run.
 */
public final class RfbScreenSources implements ScreenSources, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RfbScreenSources.class);

    /** A QEMU whose VNC server does not answer the handshake in this time counts as unreachable. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** After the screen connection breaks, how long the engine may take to say how the guest ended. */
    static final Duration END_GRACE = Duration.ofSeconds(3);
    /**
     * Shadows one guest may have at once. Each costs a frame encoder on the host and a relay on a
     * server; a handful of administrators is plenty, more would be a mistake or a misuse.
     */
    public static final int MAX_SHADOWS = 4;

    /** Opens an RFB connection to a VNC socket; a seam for tests. */
    @FunctionalInterface
    public interface Connector {
        RfbClient connect(Path vncSocket) throws IOException;
    }

    /** Connects QEMU's D-Bus display through a guest's display monitor; a seam for tests. */
    @FunctionalInterface
    public interface DbusConnector {
        QemuDbusDisplay connect(Path displayMonitor, String guestId) throws IOException;

        /** Each step (the handoff, the listener's registration, its first picture) within 4 s. */
        DbusConnector DEFAULT = (monitor, guestId) -> QemuDbusDisplay.connect(monitor, guestId, Duration.ofSeconds(4));
    }

    private final GuestEngine engine;
    private final ScreenDialer dialer;
    private final InstantSource clock;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    /**
     * Held while a viewer joins or leaves and while a screen ends, so that the map and the screens'
     * own state change as one: a screen in the map has not ended. Taken before a screen's state
     * lock, never held while calling out (viewers, the RFB connection, the engine).
     */
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private final Map<String, GuestScreen> screens = new HashMap<>();
    // Guarded by lock: per guest watched since the host started, until the guest ends.
    private final Map<String, LastInput> lastInputs = new HashMap<>();
    private final List<Runnable> inputResumedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean closed;

    public RfbScreenSources(GuestEngine engine, Connector connector, DbusConnector dbus,
            Duration connectTimeout, InstantSource clock) {
        this.engine = engine;
        this.dialer = new ScreenDialer(new VncDialer(connector, connectTimeout, background), dbus, connectTimeout,
                background);
        this.clock = clock;
        engine.subscribe(this::guestChanged);
    }

    public RfbScreenSources(GuestEngine engine, Connector connector, Duration connectTimeout, InstantSource clock) {
        this(engine, connector, DbusConnector.DEFAULT, connectTimeout, clock);
    }

    public RfbScreenSources(GuestEngine engine, InstantSource clock) {
        this(engine, RfbClient::connect, CONNECT_TIMEOUT, clock);
    }

    @Override
    public Lease open(String guestId, ScreenViewer viewer, ViewerRole role) throws Refusal {
        GuestInfo info = engine.find(guestId)
                .orElseThrow(() -> new Refusal(Ending.of(ErrorKind.NOT_FOUND), "no guest " + guestId));
        switch (info.state()) {
            case STOPPING, STOPPED -> throw new Refusal(Ending.SESSION_ENDED, "guest " + guestId + " is " + info.state());
            case FAILED -> throw new Refusal(Ending.of(ErrorKind.UPSTREAM_FAILED), "guest " + guestId + " failed");
            // STARTING is served when QEMU's VNC server is up: the viewer watches the boot.
            case STARTING, RUNNING -> { }
        }
        GuestScreen screen;
        List<ScreenViewer> takenOver;
        lock.lock();
        try {
            if (closed) {
                throw new Refusal(Ending.of(ErrorKind.UNAVAILABLE), "the host is shutting down");
            }
            LastInput lastInput = lastInputs.computeIfAbsent(guestId, id -> new LastInput(clock, this::inputResumed));
            screen = screens.computeIfAbsent(guestId,
                    id -> new GuestScreen(id, info.paths().vncSocket(), info.paths().displayMonitor(), dialer,
                            lastInput, this::rfbBroke, (w, h) -> engine.resizeDesktop(id, w, h)));
            takenOver = screen.join(viewer, role);
        } finally {
            lock.unlock();
        }
        if (!takenOver.isEmpty()) {
            log.info("display of {}: a new viewer takes over, closing {} viewer(s)", guestId, takenOver.size());
            // Each on its own thread: closing a viewer whose network is slow may block, and
            // neither the new viewer nor the others wait for that.
            for (ScreenViewer v : takenOver) {
                inBackground(() -> tell(guestId, v, Ending.TAKEN_OVER));
            }
        }
        try {
            screen.connect();
        } catch (Refusal r) {
            leave(screen, viewer);
            throw r;
        }
        if (role == ViewerRole.SHADOW) {
            log.info("display of {}: a shadow joins", guestId);
        }
        return new GuestLease(screen, viewer, role == ViewerRole.SHADOW ? new ShadowView(screen) : screen);
    }

    /** Guests whose screen is open now (one RFB connection each); for tests and metrics. */
    public int openScreens() {
        lock.lock();
        try {
            return (int) screens.values().stream().filter(GuestScreen::opened).count();
        } finally {
            lock.unlock();
        }
    }


    /** How the guest's open screen is read: "dbus", "rfb", or null when it has none open; for tests. */
    String linkKind(String guestId) {
        lock.lock();
        try {
            GuestScreen s = screens.get(guestId);
            return s == null ? null : s.linkKind();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many of the user's viewers watch the guest now (shadows do not count: an administrator
     * watching is not the user being there) and when one last sent it input: (0, null) for a guest
     * nobody watched since the host started, or that ended.
     */
    public GuestActivity activity(String guestId) {
        lock.lock();
        try {
            GuestScreen s = screens.get(guestId);
            LastInput input = lastInputs.get(guestId);
            return new GuestActivity(s == null ? 0 : s.userViewers(), input == null ? null : input.at());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called, on the viewer's input thread, when a guest gets input after {@link LastInput#QUIET}
     * without any: it must be quick (the farm's heartbeat only wakes up).
     */
    public void onInputResumed(Runnable listener) {
        inputResumedListeners.add(listener);
    }

    private void inputResumed() {
        inputResumedListeners.forEach(Runnable::run);
    }

    /** Ends every viewer with {@code UNAVAILABLE} (the host is shutting down) and closes every screen. */
    @Override
    public void close() {
        List<GuestScreen> all;
        lock.lock();
        try {
            closed = true;
            all = new ArrayList<>(screens.values());
        } finally {
            lock.unlock();
        }
        for (GuestScreen s : all) {
            end(s, Ending.of(ErrorKind.UNAVAILABLE));
        }
        background.shutdownNow();
    }

    private void leave(GuestScreen screen, ScreenViewer viewer) {
        boolean last;
        lock.lock();
        try {
            last = screen.leave(viewer);
            if (last) {
                screens.remove(screen.guestId(), screen);
            }
        } finally {
            lock.unlock();
        }
        if (last) {
            screen.closeLink();
        }
    }

    private void end(GuestScreen screen, Ending ending) {
        Optional<List<ScreenViewer>> toTell;
        lock.lock();
        try {
            toTell = screen.end(ending);
            if (toTell.isPresent()) {
                screens.remove(screen.guestId(), screen);
            }
        } finally {
            lock.unlock();
        }
        if (toTell.isEmpty()) {
            return;
        }
        List<ScreenViewer> viewers = toTell.get();
        screen.closeLink();
        if (!viewers.isEmpty()) {
            log.info("display of {}: screen ended with {} {}, closing {} viewer(s)", screen.guestId(), ending.code(),
                    ending.reason(), viewers.size());
        }
        for (ScreenViewer v : viewers) {
            tell(screen.guestId(), v, ending);
        }
    }

    private static void tell(String guestId, ScreenViewer viewer, Ending ending) {
        try {
            viewer.ended(ending);
        } catch (RuntimeException e) {
            log.warn("display of {}: a viewer failed to end", guestId, e);
        }
    }

    /** On the background threads; once they are shut down (the host is stopping), here. */
    private void inBackground(Runnable task) {
        try {
            background.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private void guestChanged(GuestInfo info) {
        if (!info.state().isFinal()) {
            return;
        }
        GuestScreen screen;
        lock.lock();
        try {
            screen = screens.get(info.id());
            lastInputs.remove(info.id()); // nobody asks after an ended guest: the map would only grow
        } finally {
            lock.unlock();
        }
        if (screen != null) {
            Ending ending = info.state() == GuestState.STOPPED ? Ending.SESSION_ENDED : Ending.of(ErrorKind.UPSTREAM_FAILED);
            background.execute(() -> end(screen, ending)); // never block the engine's thread
        }
    }

    /** The screen connection broke on its own: wait briefly for the engine to tell why. */
    private void rfbBroke(GuestScreen screen) {
        if (screen.ended()) {
            return; // closed by us
        }
        background.execute(() -> end(screen, howEnded(screen.guestId())));
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

    /** One viewer's hold on a screen; closing it leaves the screen once. A shadow's source drops input. */
    private final class GuestLease implements Lease {
        private final GuestScreen screen;
        private final ScreenViewer viewer;
        private final ScreenSource source;
        private final AtomicBoolean released = new AtomicBoolean();

        GuestLease(GuestScreen screen, ScreenViewer viewer, ScreenSource source) {
            this.screen = screen;
            this.viewer = viewer;
            this.source = source;
        }

        @Override
        public ScreenSource source() {
            return source;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                leave(screen, viewer);
            }
        }
    }
}
