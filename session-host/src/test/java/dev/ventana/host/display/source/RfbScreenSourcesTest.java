package dev.ventana.host.display.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.rfb.RfbClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-guest screen registry against a fake VNC server on a real unix socket and a fake engine. */
class RfbScreenSourcesTest {
    @TempDir
    Path tmp;

    final FakeEngine engine = new FakeEngine();
    final List<AutoCloseable> cleanUp = new ArrayList<>();
    RfbScreenSources sources;

    @AfterEach
    void close() throws Exception {
        if (sources != null) {
            sources.close();
        }
        for (AutoCloseable c : cleanUp) {
            c.close();
        }
    }

    FakeVncServer server(String guestId, boolean silent) throws Exception {
        FakeVncServer s = new FakeVncServer(tmp.resolve(guestId + ".sock"), 32, 24, silent);
        cleanUp.add(s);
        return s;
    }

    RfbScreenSources sources() {
        sources = new RfbScreenSources(engine, RfbClient::connect, Duration.ofMillis(300), InstantSource.system());
        return sources;
    }

    @Test
    void guestsThatCannotBeWatchedAreRefusedWithTheirCloseCode() throws Exception {
        RfbScreenSources s = sources();
        engine.put("g-stopped", GuestState.STOPPED, tmp.resolve("x.sock"));
        engine.put("g-stopping", GuestState.STOPPING, tmp.resolve("x.sock"));
        engine.put("g-failed", GuestState.FAILED, tmp.resolve("x.sock"));
        engine.put("g-nosocket", GuestState.STARTING, tmp.resolve("missing.sock"));
        server("g-silent", true);
        engine.put("g-silent", GuestState.RUNNING, tmp.resolve("g-silent.sock"));

        assertThat(refusal(s, "g-unknown")).isEqualTo(new Ending(4404, "NOT_FOUND"));
        assertThat(refusal(s, "g-stopped")).isEqualTo(Ending.SESSION_ENDED);
        assertThat(refusal(s, "g-stopping")).isEqualTo(Ending.SESSION_ENDED);
        assertThat(refusal(s, "g-failed")).isEqualTo(new Ending(4502, "UPSTREAM_FAILED"));
        assertThat(refusal(s, "g-nosocket")).isEqualTo(new Ending(4502, "UPSTREAM_FAILED"));
        long start = System.nanoTime();
        assertThat(refusal(s, "g-silent")).as("a VNC server that never greets").isEqualTo(new Ending(4502, "UPSTREAM_FAILED"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(s.openScreens()).isZero();
    }

    @Test
    void aSecondViewerTakesTheGuestOverOnTheSameConnectionAndTheFirstEndsWithTakenOver() throws Exception {
        FakeVncServer vnc = server("g-1", false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        RfbScreenSources s = sources();
        Viewer a = new Viewer();
        Viewer b = new Viewer();
        ScreenSources.Lease la = s.open("g-1", a);
        await().atMost(Duration.ofSeconds(5)).until(() -> red(la));
        ScreenSources.Lease lb = s.open("g-1", b);

        await().atMost(Duration.ofSeconds(5)).until(() -> !a.ended.isEmpty());
        assertThat(a.ended).containsExactly(Ending.TAKEN_OVER);
        assertThat(b.ended).isEmpty();
        assertThat(s.activity("g-1").viewers()).isEqualTo(1);
        assertThat(vnc.connections.get()).as("the screen stays open for the new viewer").isEqualTo(1);
        assertThat(s.openScreens()).isEqualTo(1);
        assertThat(lb.source().width()).isEqualTo(32);

        vnc.resize(40, 30);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.resized);
        assertThat(b.damage).contains(new Rect(0, 0, 40, 30));
        assertThat(a.resized).as("the viewer taken over gets no more damage").isFalse();

        la.close(); // the taken-over viewer's connection closing: b watches on
        assertThat(s.activity("g-1").viewers()).isEqualTo(1);
        assertThat(vnc.open.get()).isEqualTo(1);
        lb.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> vnc.open.get() == 0);
        assertThat(s.openScreens()).isZero();
        assertThat(b.ended).as("leaving ends nobody").isEmpty();

        s.open("g-1", new Viewer()).close();
        assertThat(vnc.connections.get()).as("a new first viewer opens a new connection").isEqualTo(2);
    }

    @Test
    void aViewerThatLeftIsNotTakenOverByTheNextOne() throws Exception {
        FakeVncServer vnc = server("g-1", false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        RfbScreenSources s = sources();
        Viewer a = new Viewer();
        Viewer b = new Viewer();
        s.open("g-1", a).close();
        ScreenSources.Lease lb = s.open("g-1", b);
        lb.close();
        lb.close(); // idempotent
        Thread.sleep(200); // a takeover would be told on a background thread
        assertThat(a.ended).isEmpty();
        assertThat(b.ended).isEmpty();
        assertThat(s.activity("g-1").viewers()).isZero();
    }

    @Test
    void aTakeoverDoesNotWaitForTheViewerItEnds() throws Exception {
        FakeVncServer vnc = server("g-1", false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        RfbScreenSources s = sources();
        CountDownLatch network = new CountDownLatch(1);
        Viewer stuck = new Viewer() {
            @Override
            public void ended(Ending ending) {
                super.ended(ending);
                try {
                    network.await(10, TimeUnit.SECONDS); // closing a WebSocket whose peer stopped reading
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Viewer gone = new Viewer() {
            @Override
            public void ended(Ending ending) {
                throw new IllegalStateException("the connection is gone already");
            }
        };
        s.open("g-1", stuck);
        long start = System.nanoTime();
        s.open("g-1", gone);
        await().atMost(Duration.ofSeconds(5)).until(() -> !stuck.ended.isEmpty());
        Viewer next = new Viewer();
        ScreenSources.Lease l = s.open("g-1", next);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> red(l));
        assertThat(s.activity("g-1").viewers()).isEqualTo(1);
        assertThat(next.ended).isEmpty();
        network.countDown();
    }

    @Test
    void keysOfAGuestArePacedWhoeverSendsThemAndGoAsExtendedKeyEvents() throws Exception {
        FakeVncServer vnc = server("g-1", false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        RfbScreenSources s = sources();
        // The viewer taken over releases what it held while the new one types: both are paced.
        ScreenSources.Lease la = s.open("g-1", new Viewer());
        ScreenSources.Lease lb = s.open("g-1", new Viewer());
        await().atMost(Duration.ofSeconds(5)).until(() -> vnc.open.get() == 1);
        Thread.sleep(200); // the first update (with the extended-key acknowledgement) has arrived

        Thread other = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 10; i++) {
                send(lb, new GuestInput.Key(0xe01d, i % 2 == 0));
            }
        });
        for (int i = 0; i < 10; i++) {
            send(la, new GuestInput.Key(0x1e, i % 2 == 0));
        }
        other.join();

        await().atMost(Duration.ofSeconds(5)).until(() -> vnc.keys.size() == 20);
        List<FakeVncServer.KeyEvent> keys = vnc.keys;
        assertThat(keys).extracting(FakeVncServer.KeyEvent::keycode).containsOnly(0x1e, 0x80 | 0x1d);
        // Arrival times jitter on a busy machine (two events may be read at once), but 20 events
        // paced 10 ms apart cannot arrive in less than 19 gaps.
        long spreadMillis = (keys.getLast().nanos() - keys.getFirst().nanos()) / 1_000_000;
        assertThat(spreadMillis).isGreaterThanOrEqualTo(19 * 9);
        await("input keeps QEMU's refresh fast").atMost(Duration.ofSeconds(5)).until(() -> vnc.nudges.get() > 0);
    }

    @Test
    void aResizeReachesTheViewers() throws Exception {
        FakeVncServer vnc = server("g-1", false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        Viewer a = new Viewer();
        ScreenSources.Lease la = sources().open("g-1", a);
        await().atMost(Duration.ofSeconds(5)).until(() -> red(la));
        vnc.resize(40, 30);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.resized);
        assertThat(la.source().width()).isEqualTo(40);
        assertThat(la.source().height()).isEqualTo(30);
    }

    @Test
    void aGuestThatStopsEndsItsViewerWithSessionEnded() throws Exception {
        FakeVncServer vnc = server("g-1", false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        Viewer a = new Viewer();
        RfbScreenSources s = sources();
        s.open("g-1", a);
        engine.put("g-1", GuestState.STOPPING, vnc.socket);
        vnc.dropClients(); // QEMU exits after the guest powered off
        engine.publish("g-1", GuestState.STOPPED);
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.ended.isEmpty());
        assertThat(a.ended).containsExactly(Ending.SESSION_ENDED);
        assertThat(s.openScreens()).isZero();
    }

    @Test
    void aScreenThatBreaksWhileTheGuestShouldRunEndsItsViewersWithUpstreamFailed() throws Exception {
        FakeVncServer vnc = server("g-1", false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        Viewer a = new Viewer();
        RfbScreenSources s = sources();
        s.open("g-1", a);
        vnc.dropClients();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.ended.isEmpty());
        assertThat(a.ended).containsExactly(new Ending(4502, "UPSTREAM_FAILED"));

        // The engine's word counts when it comes first.
        Viewer b = new Viewer();
        s.open("g-1", b);
        engine.publish("g-1", GuestState.FAILED);
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.ended.isEmpty());
        assertThat(b.ended).containsExactly(new Ending(4502, "UPSTREAM_FAILED"));
    }

    @Test
    void closingTheRegistryEndsEveryViewerWithUnavailable() throws Exception {
        FakeVncServer vnc = server("g-1", false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        Viewer a = new Viewer();
        RfbScreenSources s = sources();
        s.open("g-1", a);
        s.close();
        assertThat(a.ended).containsExactly(new Ending(4503, "UNAVAILABLE"));
        assertThat(refusal(s, "g-1")).isEqualTo(new Ending(4503, "UNAVAILABLE"));
        await().atMost(Duration.ofSeconds(5)).until(() -> vnc.open.get() == 0);
    }

    static boolean red(ScreenSources.Lease lease) {
        return lease.source().<Integer>withScreen(screen -> screen.argb()[1 * screen.width() + 1]) == 0xffff0000;
    }

    static void send(ScreenSources.Lease lease, GuestInput input) {
        try {
            lease.source().send(input);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Ending refusal(ScreenSources s, String guestId) {
        try {
            s.open(guestId, new Viewer()).close();
        } catch (Refusal r) {
            return r.ending();
        }
        throw new AssertionError("guest " + guestId + " was not refused");
    }

    static class Viewer implements ScreenViewer {
        final List<Rect> damage = new CopyOnWriteArrayList<>();
        final List<Ending> ended = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger pointerChanges = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean resized;

        @Override
        public void pointerChanged() {
            pointerChanges.incrementAndGet();
        }

        @Override
        public void damaged(List<Rect> changed, boolean resized, long nowNanos) {
            damage.addAll(changed);
            this.resized |= resized;
        }

        @Override
        public void ended(Ending ending) {
            ended.add(ending);
        }
    }
}
