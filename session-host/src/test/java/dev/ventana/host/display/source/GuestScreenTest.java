package dev.ventana.host.display.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One guest's screen on its own: its viewers' coming, taking over and going, its end, and the damage they get. */
class GuestScreenTest {
    @TempDir
    Path tmp;

    final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    final AtomicInteger broke = new AtomicInteger();

    @AfterEach
    void close() {
        background.shutdownNow();
    }

    GuestScreen screen(RfbScreenSources.Connector connector) {
        return new GuestScreen("g-1", tmp.resolve("g-1.sock"), null, new ScreenDialer(new VncDialer(connector,
                Duration.ofSeconds(2), background), RfbScreenSources.DbusConnector.DEFAULT, Duration.ofSeconds(2), background),
                new LastInput(InstantSource.system(), () -> { }), s -> broke.incrementAndGet(), (w, h) -> { });
    }

    GuestScreen unconnected() {
        return screen(socket -> {
            throw new IOException("no VNC server in this test");
        });
    }

    @Test
    void damageReachesTheViewerInDisplayRectanglesWithTheEmptyOnesDropped() throws Refusal {
        GuestScreen screen = unconnected();
        RfbScreenSourcesTest.Viewer a = new RfbScreenSourcesTest.Viewer();
        screen.join(a, ViewerRole.USER);

        screen.updated(null, List.of(new dev.ventana.host.rfb.Rect(1, 2, 3, 4), new dev.ventana.host.rfb.Rect(5, 5, 0, 9)), false);
        assertThat(a.damage).containsExactly(new Rect(1, 2, 3, 4));

        screen.updated(null, List.of(new dev.ventana.host.rfb.Rect(0, 0, 7, 0)), false);
        assertThat(a.resized).isFalse();
        assertThat(a.damage).as("nothing changed: nobody is told").hasSize(1);

        screen.updated(null, List.of(), true);
        assertThat(a.resized).as("a resize is told even without a changed rectangle").isTrue();
    }

    @Test
    void aViewerThatJoinsTakesTheScreenOverAndTheOneBeforeGetsNoMoreDamage() throws Refusal {
        GuestScreen screen = unconnected();
        RfbScreenSourcesTest.Viewer a = new RfbScreenSourcesTest.Viewer();
        RfbScreenSourcesTest.Viewer b = new RfbScreenSourcesTest.Viewer();
        assertThat(screen.join(a, ViewerRole.USER)).isEmpty();
        assertThat(screen.join(b, ViewerRole.USER)).containsExactly(a);
        assertThat(screen.userViewers()).isEqualTo(1);

        screen.updated(null, List.of(new dev.ventana.host.rfb.Rect(1, 2, 3, 4)), false);
        assertThat(b.damage).containsExactly(new Rect(1, 2, 3, 4));
        assertThat(a.damage).isEmpty();
        assertThat(screen.end(Ending.SESSION_ENDED)).as("only the viewer watching now is told").contains(List.of(b));
    }

    @Test
    void theLastViewerLeavingEndsTheScreenAndOnlyOnce() throws Refusal {
        GuestScreen screen = unconnected();
        ScreenViewer a = new RfbScreenSourcesTest.Viewer();
        ScreenViewer b = new RfbScreenSourcesTest.Viewer();
        screen.join(a, ViewerRole.USER);
        screen.join(b, ViewerRole.USER);

        assertThat(screen.leave(a)).as("taken over: its leaving changes nothing").isFalse();
        assertThat(screen.ended()).isFalse();
        assertThat(screen.userViewers()).isEqualTo(1);
        assertThat(screen.leave(b)).as("the last one").isTrue();
        assertThat(screen.ended()).isTrue();
        assertThat(screen.end(Ending.SESSION_ENDED)).as("nobody is left to tell").isEmpty();
        assertThat(screen.leave(b)).as("only once").isFalse();
    }

    @Test
    void anEndTellsTheViewersOnceAndNoLeaveClosesTheScreenAgain() throws Refusal {
        GuestScreen screen = unconnected();
        ScreenViewer a = new RfbScreenSourcesTest.Viewer();
        screen.join(a, ViewerRole.USER);
        assertThat(screen.end(Ending.SESSION_ENDED)).contains(List.of(a));
        assertThat(screen.end(Ending.SESSION_ENDED)).isEmpty();
        assertThat(screen.leave(a)).isFalse();
    }

    @Test
    void aScreenThatCannotBeReachedIsRefusedAsUpstreamFailed() {
        GuestScreen screen = unconnected();
        assertThatThrownBy(screen::connect).isInstanceOf(Refusal.class)
                .extracting(r -> ((Refusal) r).ending()).isEqualTo(new Ending(4502, "UPSTREAM_FAILED"));
        assertThat(screen.opened()).isFalse();
    }

    @Test
    void aScreenThatEndedWhileItsConnectionWasOpeningClosesItAndRefusesWithThatEnding() throws Exception {
        try (FakeVncServer vnc = new FakeVncServer(tmp.resolve("g-1.sock"), 32, 24, false)) {
            GuestScreen screen = screen(RfbClient::connect);
            screen.end(Ending.SESSION_ENDED);
            assertThatThrownBy(screen::connect).isInstanceOf(Refusal.class)
                    .extracting(r -> ((Refusal) r).ending()).isEqualTo(Ending.SESSION_ENDED);
            assertThat(screen.opened()).isFalse();
            assertThat(vnc.connections).hasValue(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> vnc.open.get() == 0);
            assertThat(broke).as("closed by us, not broken").hasValue(0);
        }
    }
}
