package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resizes guests' desktops over their channels (docs/session-host.md, "Resize"): DISPLAY-SIZE,
 * answered DISPLAY-SIZE-SET or DISPLAY-SIZE-FAILED. A browser window being dragged asks for
 * many sizes: each guest has one worker, a virtual thread, that waits {@link #SETTLE} and then
 * asks only for the last size asked for. It keeps the channel open for {@link #KEEP} after the
 * last answer, because an agent without a host polls its port only every 2 s. A guest whose
 * image has no desktop to resize (unsupported) is not asked again.
 *
 * <p>Thread-safe: the workers map is concurrent, and each worker alone uses its channel.
 */
final class DesktopSizes {
    private static final Logger log = LoggerFactory.getLogger(DesktopSizes.class);
    static final Duration SETTLE = Duration.ofMillis(200);
    static final Duration KEEP = Duration.ofSeconds(10);
    private static final Duration READY = Duration.ofSeconds(5);
    private static final Duration ANSWER = Duration.ofSeconds(10);
    /**
     * What the agent answered to a host that left comes at once when the next one connects; one that
     * comes later is passed over by the waits for READY and for DISPLAY-SIZE's answer, or costs one try.
     */
    private static final Duration STALE_QUIET = Duration.ofMillis(50);
    /**
     * A guest still booting (the greeting holds its channel, or no desktop runs yet) is asked again
     * this often, for about a minute: a viewer watching the boot asks for its size before then.
     */
    static final Duration RETRY = Duration.ofSeconds(2);
    static final int RETRIES = 30;

    private record Size(int width, int height) {
        String argument() {
            return width + "x" + height;
        }
    }

    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> unsupported = new ConcurrentHashMap<>();

    void request(String guestId, Path agentSocket, int width, int height) {
        if (unsupported.containsKey(guestId)) {
            return;
        }
        workers.compute(guestId, (id, w) -> {
            Worker worker = w != null ? w : new Worker(id, agentSocket);
            worker.want(new Size(width, height));
            if (w == null) {
                Thread.ofVirtual().name("desktop-size-" + id).start(worker::run);
            }
            return worker;
        });
    }

    /** The guest ended: nothing of it is kept. */
    void forget(String guestId) {
        unsupported.remove(guestId);
    }

    private final class Worker {
        private final String guestId;
        private final Path agentSocket;
        private final AtomicReference<Size> wanted = new AtomicReference<>();
        private final Semaphore asked = new Semaphore(0);
        // The worker's own: the size being asked again, and how often it failed for a guest not ready yet.
        private Size retrying;
        private int notReady;
        private String lastFailure;

        Worker(String guestId, Path agentSocket) {
            this.guestId = guestId;
            this.agentSocket = agentSocket;
        }

        void want(Size size) {
            wanted.set(size);
            asked.release();
        }

        void run() {
            GuestChannel channel = null;
            try {
                while (true) {
                    Thread.sleep(SETTLE);
                    Size size = wanted.getAndSet(null);
                    if (size != null) {
                        if (!size.equals(retrying)) {
                            notReady = 0;
                        }
                        channel = resize(channel, size);
                        if (channel == null && ++notReady <= RETRIES && wanted.compareAndSet(null, size)) {
                            retrying = size;
                            Thread.sleep(RETRY);
                            continue;
                        }
                        if (channel == null && notReady > RETRIES) {
                            log.warn("guest {}: desktop not resized to {} after {} tries, the last: {}", guestId,
                                    size.argument(), RETRIES + 1, lastFailure);
                        }
                        retrying = null;
                    }
                    // A size asked for meanwhile is taken at once; a permit left from the ones
                    // already taken must not wake the worker for nothing.
                    if (wanted.get() != null) {
                        continue;
                    }
                    asked.drainPermits();
                    if (wanted.get() != null) {
                        continue;
                    }
                    // Leave only under the map's lock for this guest, so that no request is left
                    // with a worker that has stopped.
                    if (!asked.tryAcquire(KEEP.toMillis(), TimeUnit.MILLISECONDS) && retire()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (channel != null) {
                    channel.close();
                }
                workers.remove(guestId, this);
            }
        }

        private boolean retire() {
            boolean[] retired = {false};
            workers.computeIfPresent(guestId, (id, w) -> {
                if (w == this && wanted.get() == null) {
                    retired[0] = true;
                    return null;
                }
                return w;
            });
            return retired[0];
        }

        /** One DISPLAY-SIZE; returns the channel still open, or null when the guest was not ready for it. */
        private GuestChannel resize(GuestChannel open, Size size) throws InterruptedException {
            GuestChannel channel = open;
            try {
                if (channel == null) {
                    channel = GuestChannel.connect(agentSocket, Duration.ofSeconds(2));
                    channel.drain(STALE_QUIET, 64);
                    channel.send("HELLO", "1");
                    if (!(channel.await(READY, GuestChannel.Message.Ready.class) instanceof GuestChannel.Message.Ready)) {
                        throw new IOException("its agent did not answer HELLO");
                    }
                }
                channel.send("DISPLAY-SIZE", size.argument());
                switch (answer(channel, size)) {
                    case GuestChannel.Message.DisplaySizeSet set -> log.info("guest {}: desktop now {}", guestId, set.size());
                    case GuestChannel.Message.DisplaySizeFailed f when f.why().equals("no-desktop") -> {
                        lastFailure = "no desktop running yet";
                        channel.close();
                        return null; // asked again soon: the session is starting
                    }
                    case GuestChannel.Message.DisplaySizeFailed f when f.why().equals("unsupported") -> {
                        log.info("guest {}: its image has no desktop to resize", guestId);
                        unsupported.put(guestId, true);
                    }
                    case GuestChannel.Message.DisplaySizeFailed f ->
                            log.info("guest {}: desktop not resized to {}: {}", guestId, size.argument(), f.why());
                    case GuestChannel.Message other -> throw new IOException("no answer to DISPLAY-SIZE: " + other);
                }
                return channel;
            } catch (IOException e) {
                lastFailure = e.getMessage();
                log.debug("guest {}: resize to {} failed (try {}): {}", guestId, size.argument(), notReady + 1, lastFailure);
                if (notReady == 0) {
                    log.info("guest {}: desktop not resized to {} yet: {}", guestId, size.argument(), e.getMessage());
                }
                if (channel != null) {
                    channel.close();
                }
                return null;
            }
        }

        /**
         * DISPLAY-SIZE's answer: SET for this size or FAILED; Closed after the timeout. An earlier
         * conversation's leftovers are passed over, a SET of another size among them.
         */
        private GuestChannel.Message answer(GuestChannel channel, Size size) throws InterruptedException {
            long deadline = System.nanoTime() + ANSWER.toNanos();
            while (true) {
                GuestChannel.Message m = channel.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                        GuestChannel.Message.DisplaySizeSet.class, GuestChannel.Message.DisplaySizeFailed.class);
                if (m == null) {
                    return new GuestChannel.Message.Closed("no answer within " + ANSWER.toSeconds() + " s");
                }
                if (!(m instanceof GuestChannel.Message.DisplaySizeSet set) || set.size().equals(size.argument())) {
                    return m;
                }
            }
        }
    }
}
