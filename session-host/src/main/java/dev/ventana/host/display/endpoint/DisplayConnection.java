package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.frame.DisplayStream;
import dev.ventana.host.display.protocol.BrowserMessage;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageEncoder;
import dev.ventana.host.display.protocol.InputFlood;
import dev.ventana.host.display.protocol.InputGate;
import dev.ventana.host.display.protocol.ProtocolViolation;
import dev.ventana.host.display.source.GuestInput;
import dev.ventana.host.display.source.Refusal;
import dev.ventana.host.display.source.RfbInputTranslator;
import dev.ventana.host.display.source.ScreenSource;
import dev.ventana.host.display.source.ScreenSources;
import dev.ventana.host.display.source.ScreenViewer;
import dev.ventana.host.errors.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's display connection, independent of the WebSocket library: the browser's messages
 * go in through {@link #receive}, the host's go out through {@link Outbound}, one binary message
 * each. The screen source's changes arrive on its own thread ({@link #damaged}); they are only
 * noted there, and a single "pump" task at a time, on {@code pumps}, encodes the next frame and
 * sends it. So the guest's screen reader never waits for an encoder or a slow network, frames
 * never overtake each other, and an idle guest costs nothing: no change, no ack, no task.
 *
 * <p>Bounded everywhere: at most {@link #MAX_PENDING_DAMAGE} noted rectangles (beyond that they
 * are merged into their bounding box), at most {@link #MAX_PENDING_PONGS} pongs waiting for the
 * pump, at most the protocol's window of unacknowledged frames, one pump task and one
 * timer per connection.
 */
public final class DisplayConnection implements ScreenViewer {
    private static final Logger log = LoggerFactory.getLogger(DisplayConnection.class);

    /** How often a stream with a lossy area waiting for its lossless repaint is looked at again. */
    public static final Duration REFINE_TICK = Duration.ofMillis(30);
    /** How long a viewer may take to send its HELLO after the WebSocket opened. */
    public static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_PENDING_DAMAGE = 64;
    static final int MAX_PENDING_PONGS = 16;

    /** Where the host's messages go: one WebSocket connection. */
    public interface Outbound {
        /** Sends one binary message; may block while the network is slow. */
        void send(byte[] message) throws IOException;

        /** Closes the connection with this code and reason; idempotent. */
        void close(Ending ending);
    }

    private final String guestId;
    private final Outbound out;
    private final Executor pumps;
    private final ScheduledExecutorService timer;
    private final Duration helloTimeout;
    private final InputGate gate = new InputGate(InputFlood.standard());
    private final RfbInputTranslator translator = new RfbInputTranslator();
    private final Set<Integer> heldKeys = new LinkedHashSet<>();
    private final HostMessageEncoder encoder = new HostMessageEncoder();

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private DisplayStream stream;
    private boolean helloSent;
    private final ArrayDeque<Long> pendingPongs = new ArrayDeque<>();

    // Guarded by damageLock, which is never held while doing anything else.
    private final Object damageLock = new Object();
    private final List<Rect> pendingDamage = new ArrayList<>();
    private long pendingDamageNanos;

    private final AtomicInteger pumpRequests = new AtomicInteger();
    private final AtomicBoolean timerArmed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean streaming;
    private volatile ScreenSources.Lease lease;

    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();

    public DisplayConnection(String guestId, Outbound out, Executor pumps, ScheduledExecutorService timer) {
        this(guestId, out, pumps, timer, HELLO_TIMEOUT);
    }

    public DisplayConnection(String guestId, Outbound out, Executor pumps, ScheduledExecutorService timer,
            Duration helloTimeout) {
        this.guestId = guestId;
        this.out = out;
        this.pumps = pumps;
        this.timer = timer;
        this.helloTimeout = helloTimeout;
    }

    /**
     * Joins the guest's screen; refused (unknown guest, guest gone) closes the connection at once.
     * A viewer that has not said HELLO in time ({@link #HELLO_TIMEOUT}) is closed with 4400: it holds
     * the guest's screen connection open for nothing.
     */
    public void start(ScreenSources sources) {
        try {
            ScreenSources.Lease l = sources.open(guestId, this);
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
                lock.lock();
                try {
                    stream = new DisplayStream(source.width(), source.height(), h.acceptsJpeg());
                } finally {
                    lock.unlock();
                }
                streaming = true;
                requestPump();
            }
            case BrowserMessage.FrameAck a -> {
                ProtocolViolation wrongAck = null;
                lock.lock();
                try {
                    stream.acknowledge(a.frame());
                } catch (ProtocolViolation v) {
                    wrongAck = v;
                } finally {
                    lock.unlock();
                }
                if (wrongAck != null) {
                    violation(wrongAck); // closed outside the lock: closing may call back into us
                    return;
                }
                requestPump();
            }
            case BrowserMessage.Refresh r -> {
                lock.lock();
                try {
                    stream.refresh();
                } finally {
                    lock.unlock();
                }
                requestPump();
            }
            case BrowserMessage.Ping p -> pong(p.nonce());
            case BrowserMessage input -> toGuest(source, input);
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
        synchronized (damageLock) {
            pendingDamage.addAll(changed);
            if (pendingDamage.size() > MAX_PENDING_DAMAGE) {
                Rect all = pendingDamage.getFirst();
                for (Rect r : pendingDamage) {
                    all = all.union(r);
                }
                pendingDamage.clear();
                pendingDamage.add(all);
            }
            pendingDamageNanos = nowNanos;
        }
        // A resize needs no rectangle: the stream sees the new size when it next reads the screen.
        requestPump();
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

    public long bytesSent() {
        return bytesSent.get();
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    private void violation(ProtocolViolation v) {
        log.info("display of {}: closing a viewer with {}: {}", guestId, v.kind(), v.getMessage());
        close(Ending.of(v.kind()));
    }

    private void toGuest(ScreenSource source, BrowserMessage input) {
        try {
            synchronized (translator) {
                for (GuestInput in : translator.translate(input)) {
                    if (in instanceof GuestInput.Key k) {
                        if (k.down()) {
                            heldKeys.add(k.scancode());
                        } else {
                            heldKeys.remove(k.scancode());
                        }
                    }
                    source.send(in);
                }
            }
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
        List<GuestInput> releases = new ArrayList<>();
        synchronized (translator) {
            for (Integer code : heldKeys) {
                releases.add(new GuestInput.Key(code, false));
            }
            heldKeys.clear();
            releases.addAll(translator.releaseButtons());
        }
        try {
            for (GuestInput in : releases) {
                l.source().send(in);
            }
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
        lock.lock();
        try {
            if (pendingPongs.size() < MAX_PENDING_PONGS) {
                pendingPongs.add(nonce); // beyond that, a flood: the browser misses a few samples
            }
        } finally {
            lock.unlock();
        }
        requestPump();
    }

    /** Asks for one pump run; runs never overlap and none is lost (a request during a run repeats it). */
    private void requestPump() {
        if (pumpRequests.getAndIncrement() == 0) {
            try {
                pumps.execute(this::drainPumpRequests);
            } catch (RejectedExecutionException e) {
                close(Ending.of(ErrorKind.UNAVAILABLE)); // the host is shutting down
            }
        }
    }

    private void drainPumpRequests() {
        int seen = pumpRequests.get();
        while (true) {
            try {
                pumpOnce();
            } catch (RuntimeException e) {
                log.error("display of {}: encoding a frame failed; closing the viewer", guestId, e);
                close(Ending.of(ErrorKind.INTERNAL));
            }
            int left = pumpRequests.addAndGet(-seen);
            if (left == 0) {
                return;
            }
            seen = left;
        }
    }

    private void pumpOnce() {
        ScreenSources.Lease l = lease;
        if (closed.get() || l == null) {
            return;
        }
        HostMessage.Hello hello = null;
        List<Long> pongs;
        lock.lock();
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
            lock.unlock();
        }
        if (hello != null && !write(hello)) {
            return;
        }
        for (long nonce : pongs) {
            if (!write(new HostMessage.Pong(nonce))) {
                return;
            }
        }
        List<Rect> damage;
        long damageNanos;
        synchronized (damageLock) {
            damage = List.copyOf(pendingDamage);
            pendingDamage.clear();
            damageNanos = pendingDamageNanos;
        }
        Optional<List<HostMessage>> frame;
        boolean needsTimer;
        lock.lock();
        try {
            for (Rect r : damage) {
                stream.damage(r, damageNanos);
            }
            long now = System.nanoTime();
            frame = l.source().withScreen(screen -> stream.nextFrame(screen, now));
            needsTimer = stream.needsTimer();
        } finally {
            lock.unlock();
        }
        if (frame.isPresent()) {
            for (HostMessage m : frame.get()) {
                if (!write(m)) {
                    return;
                }
            }
            framesSent.incrementAndGet();
        }
        if (needsTimer) {
            armTimer();
        }
    }

    private void armTimer() {
        if (timerArmed.compareAndSet(false, true)) {
            try {
                timer.schedule(() -> {
                    timerArmed.set(false);
                    requestPump();
                }, REFINE_TICK.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                timerArmed.set(false);
            }
        }
    }

    private boolean write(HostMessage message) {
        if (closed.get()) {
            return false;
        }
        byte[] bytes = encoder.encode(message);
        try {
            out.send(bytes);
            bytesSent.addAndGet(bytes.length);
            messagesSent.incrementAndGet();
            return true;
        } catch (IOException | RuntimeException e) {
            // A viewer that stopped reading (send-time or buffer limit) or a broken connection.
            log.info("display of {}: dropping a viewer that cannot take data: {}", guestId, e.toString());
            close(Ending.of(ErrorKind.UNAVAILABLE));
            return false;
        }
    }
}
