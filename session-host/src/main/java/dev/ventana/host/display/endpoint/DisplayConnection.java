package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.frame.DisplayStream;
import dev.ventana.host.display.protocol.BrowserMessage;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.InputFlood;
import dev.ventana.host.display.protocol.InputGate;
import dev.ventana.host.display.protocol.ProtocolViolation;
import dev.ventana.host.display.source.Refusal;
import dev.ventana.host.display.source.ScreenSource;
import dev.ventana.host.display.source.ScreenSources;
import dev.ventana.host.display.source.ScreenViewer;
import dev.ventana.host.display.source.ViewerRole;
import dev.ventana.host.errors.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's display connection, independent of the WebSocket library: the browser's messages
 * go in through {@link #receive}, the host's go out through {@link Outbound}, one binary message
 * each. The screen source's changes arrive on its own thread ({@link #damaged}); they are only
 * noted there ({@link PendingDamage}), and the {@link Pump} runs one task at a time, on
 * {@code pumps}, that encodes the next frame and sends it. So the guest's screen reader never
 * waits for an encoder or a slow network, frames never overtake each other, and an idle guest
 * costs nothing: no change, no ack, no task.
 *
 * <p>Bounded everywhere: at most {@link PendingDamage#MAX_RECTS} noted rectangles, at most
 * {@link #MAX_PENDING_PONGS} pongs waiting for the pump, at most the protocol's window of
 * unacknowledged frames, one pump task and one refinement tick per connection.
 *
 * <p>Thread-safe; the threads and the lock order are in the package documentation. Its own
 * lock, {@code streamLock}, guards what the reader and the pump share: the stream and the pongs.
 * The input to the guest is {@link ViewerInput}'s, under a lock of its own.
 */
public final class DisplayConnection implements ScreenViewer {
    private static final Logger log = LoggerFactory.getLogger(DisplayConnection.class);

    /** How often a stream with a lossy area waiting for its lossless repaint is looked at again. */
    public static final Duration REFINE_TICK = Duration.ofMillis(30);
    /** How long a viewer may take to send its HELLO after the WebSocket opened. */
    public static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_PENDING_PONGS = 16;

    /** Where the host's messages go: one WebSocket connection. */
    public interface Outbound {
        /** Sends one binary message; may block while the network is slow. */
        void send(byte[] message) throws IOException;

        /** Closes the connection with this code and reason; idempotent. */
        void close(Ending ending);
    }

    private final String guestId;
    private final ViewerRole role;
    private final Outbound out;
    private final ScheduledExecutorService timer;
    private final Duration helloTimeout;
    private final Pump pump;
    private final PendingDamage pendingDamage = new PendingDamage();
    // Used by the transport's reader only.
    private final InputGate gate = new InputGate(InputFlood.standard());
    // Encodes for the pump: a frame as one BATCH once the browser's HELLO said it takes them.
    private final WireEncoder wire = new WireEncoder();

    private final ReentrantLock streamLock = new ReentrantLock();
    // Guarded by streamLock.
    private DisplayStream stream;
    private boolean helloSent;
    private final ArrayDeque<Long> pendingPongs = new ArrayDeque<>();
    private final OutOfFrame outOfFrame = new OutOfFrame();

    private final ViewerInput input = new ViewerInput();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean streaming;
    private volatile ScreenSources.Lease lease;

    /** The user's viewer. */
    public DisplayConnection(String guestId, Outbound out, Executor pumps, ScheduledExecutorService timer) {
        this(guestId, ViewerRole.USER, out, pumps, timer, HELLO_TIMEOUT);
    }

    public DisplayConnection(String guestId, Outbound out, Executor pumps, ScheduledExecutorService timer,
            Duration helloTimeout) {
        this(guestId, ViewerRole.USER, out, pumps, timer, helloTimeout);
    }

    /**
     * A viewer in this role: a {@link ViewerRole#SHADOW} gets the same frames and pongs and keeps
     * the same flow control (acks, refresh), but its key, pointer and wheel messages are checked
     * and then dropped.
     */
    public DisplayConnection(String guestId, ViewerRole role, Outbound out, Executor pumps,
            ScheduledExecutorService timer, Duration helloTimeout) {
        this.guestId = guestId;
        this.role = role;
        this.out = out;
        this.timer = timer;
        this.helloTimeout = helloTimeout;
        this.pump = new Pump(pumps, timer, REFINE_TICK, this::pumpOnceOrClose,
                () -> close(Ending.of(ErrorKind.UNAVAILABLE))); // refused: the host is shutting down
    }

    /**
     * Joins the guest's screen; refused (unknown guest, guest gone) closes the connection at once.
     * A viewer that has not said HELLO in time ({@link #HELLO_TIMEOUT}) is closed with 4400: it holds
     * the guest's screen connection open for nothing.
     */
    public void start(ScreenSources sources) {
        try {
            ScreenSources.Lease l = sources.open(guestId, this, role);
            lease = l;
            if (closed.get()) {
                l.close(); // the transport closed while we were opening
                return;
            }
            try {
                timer.schedule(() -> {
                    if (!streaming && !closed.get()) {
                        log.info("display of {}: closing a viewer that sent no HELLO", guestId);
                        close(Ending.of(ErrorKind.BAD_REQUEST));
                    }
                }, helloTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                close(Ending.of(ErrorKind.UNAVAILABLE));
            }
        } catch (Refusal r) {
            log.debug("display of {} refused: {}", guestId, r.getMessage());
            close(r.ending());
        }
    }

    /** One complete message from the browser. Called by one thread at a time (the transport's reader). */
    public void receive(ByteBuffer message) {
        ScreenSources.Lease l = lease;
        if (closed.get() || l == null) {
            return;
        }
        ScreenSource source = l.source();
        Optional<BrowserMessage> admitted;
        try {
            admitted = gate.admit(message, source.width(), source.height(), System.nanoTime());
        } catch (ProtocolViolation v) {
            violation(v);
            return;
        }
        if (admitted.isEmpty()) {
            return;
        }
        switch (admitted.get()) {
            case BrowserMessage.Hello h -> {
                streamLock.lock();
                try {
                    stream = new DisplayStream(source.width(), source.height(), h);
                    outOfFrame.takesClipboard(h.takesClipboard());
                } finally {
                    streamLock.unlock();
                }
                wire.takeBatches(h.takesBatches());
                streaming = true;
                pump.request();
            }
            case BrowserMessage.FrameAck a -> {
                ProtocolViolation wrongAck = null;
                boolean reopened = false;
                streamLock.lock();
                try {
                    reopened = stream.acknowledge(a.frame());
                } catch (ProtocolViolation v) {
                    wrongAck = v;
                } finally {
                    streamLock.unlock();
                }
                if (wrongAck != null) {
                    violation(wrongAck); // closed outside the lock: closing may call back into us
                    return;
                }
                if (reopened) {
                    pump.request();
                }
            }
            case BrowserMessage.Refresh r -> {
                streamLock.lock();
                try {
                    stream.refresh();
                } finally {
                    streamLock.unlock();
                }
                pump.request();
            }
            case BrowserMessage.Ping p -> pong(p.nonce());
            case BrowserMessage input -> {
                // A shadow watches: what it sends passed the gate (a flood still ends it) and goes no further.
                if (role == ViewerRole.USER) {
                    toGuest(source, input);
                }
            }
        }
    }

    /** The transport is closed (by either side): let go of the guest, releasing what this viewer held. */
    public void transportClosed() {
        closed.set(true);
        releaseInputAndLease();
    }

    @Override
    public void damaged(List<Rect> changed, boolean resized, long nowNanos) {
        if (!streaming || closed.get()) {
            return; // before HELLO nothing is noted: frame 1 paints the whole screen anyway
        }
        pendingDamage.add(changed, nowNanos);
        // A resize needs no rectangle: the stream sees the new size when it next reads the screen.
        pump.request();
    }

    @Override
    public void copied(String text) {
        if (streaming && !closed.get()) {
            outOfFrame.copied(text);
            pump.request();
        }
    }

    /** The pump sends the source's shape as it is when it runs (OutOfFrame). */
    @Override
    public void pointerChanged() {
        if (streaming && !closed.get()) {
            pump.request();
        }
    }

    @Override
    public void ended(Ending ending) {
        close(ending);
    }

    /** Closes the connection with this ending; idempotent. */
    public void close(Ending ending) {
        if (closed.compareAndSet(false, true)) {
            out.close(ending);
            releaseInputAndLease();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void violation(ProtocolViolation v) {
        log.info("display of {}: closing a viewer with {}: {}", guestId, v.kind(), v.getMessage());
        close(Ending.of(v.kind()));
    }

    private void toGuest(ScreenSource source, BrowserMessage message) {
        try {
            input.deliver(message, source);
        } catch (IOException e) {
            // The source notices a broken guest connection by itself and ends every viewer.
            log.debug("display of {}: input not delivered: {}", guestId, e.getMessage());
        }
    }

    private void releaseInputAndLease() {
        ScreenSources.Lease l = lease;
        if (l == null) {
            return;
        }
        try {
            input.release(l.source());
        } catch (IOException | RuntimeException e) {
            log.debug("display of {}: releasing held keys and buttons failed: {}", guestId, e.getMessage());
        }
        l.close();
    }

    /**
     * Pongs go out through the pump like everything else, before the next frame and whether or not
     * the window is open. So only the pump ever sends: nothing piles up in the send decorator behind
     * a frame in progress, and the round trip the browser measures is the one its frames see.
     */
    private void pong(long nonce) {
        streamLock.lock();
        try {
            if (pendingPongs.size() < MAX_PENDING_PONGS) {
                pendingPongs.add(nonce); // beyond that, a flood: the browser misses a few samples
            }
        } finally {
            streamLock.unlock();
        }
        pump.request();
    }

    /** One pump run; a failure closes the viewer instead of stopping its pump. */
    private void pumpOnceOrClose() {
        try {
            pumpOnce();
        } catch (RuntimeException e) {
            log.error("display of {}: encoding a frame failed; closing the viewer", guestId, e);
            close(Ending.of(ErrorKind.INTERNAL));
        }
    }

    private void pumpOnce() {
        ScreenSources.Lease l = lease;
        if (closed.get() || l == null) {
            return;
        }
        HostMessage.Hello hello = null;
        List<Long> pongs;
        streamLock.lock();
        try {
            if (stream == null) {
                return;
            }
            if (!helloSent) {
                hello = stream.hello();
                helloSent = true;
            }
            pongs = List.copyOf(pendingPongs);
            pendingPongs.clear();
        } finally {
            streamLock.unlock();
        }
        if (hello != null && !write(hello)) {
            return;
        }
        for (HostMessage m : outOfFrame.due(l.source())) {
            if (!write(m)) {
                return;
            }
        }
        for (long nonce : pongs) {
            if (!write(new HostMessage.Pong(nonce))) {
                return;
            }
        }
        PendingDamage.Batch damage = pendingDamage.take();
        Optional<List<HostMessage>> frame;
        boolean needsTimer;
        streamLock.lock();
        try {
            for (Rect r : damage.rects()) {
                stream.damage(r, damage.nanos());
            }
            long now = System.nanoTime();
            frame = l.source().withScreen(screen -> stream.nextFrame(screen, now));
            needsTimer = stream.needsTimer();
        } finally {
            streamLock.unlock();
        }
        if (frame.isPresent() && !writeFrame(frame.get())) {
            return;
        }
        if (needsTimer) {
            pump.requestAfterTick();
        }
    }

    private boolean writeFrame(List<HostMessage> frame) {
        for (byte[] bytes : wire.frame(frame)) {
            if (!write(bytes)) {
                return false;
            }
        }
        return true;
    }

    private boolean write(HostMessage message) {
        return write(wire.encode(message));
    }

    private boolean write(byte[] bytes) {
        if (closed.get()) {
            return false;
        }
        try {
            out.send(bytes);
            return true;
        } catch (IOException | RuntimeException e) {
            // A viewer that stopped reading (send-time or buffer limit) or a broken connection.
            log.info("display of {}: dropping a viewer that cannot take data: {}", guestId, e.toString());
            close(Ending.of(ErrorKind.UNAVAILABLE));
            return false;
        }
    }
}
