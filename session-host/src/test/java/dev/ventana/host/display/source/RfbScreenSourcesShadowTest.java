package dev.ventana.host.display.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.rfb.RfbClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadows (an administrator watching read-only) beside the user's viewer, on the real registry
 * and a fake VNC server: they join without taking anyone over, no user takes them over, their
 * input is dropped, they are not the user's viewers in the activity, and there are at most four.
 */
class RfbScreenSourcesShadowTest {
    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    @TempDir
    Path tmp;

    final FakeEngine engine = new FakeEngine();
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    FakeVncServer vnc;
    RfbScreenSources sources;

    @BeforeEach
    void start() throws Exception {
        vnc = new FakeVncServer(tmp.resolve("g-1.sock"), 32, 24, false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        sources = new RfbScreenSources(engine, RfbClient::connect, Duration.ofSeconds(2), now::get);
    }

    @AfterEach
    void close() throws Exception {
        sources.close();
        vnc.close();
    }

    @Test
    void aShadowJoinsBesideTheUserWithoutTakingOverAndIsNotCountedAsTheUsersViewer() throws Exception {
        RfbScreenSourcesTest.Viewer user = new RfbScreenSourcesTest.Viewer();
        ScreenSources.Lease userLease = sources.open("g-1", user);
        await().atMost(Duration.ofSeconds(5)).until(() -> RfbScreenSourcesTest.red(userLease));
        RfbScreenSourcesTest.Viewer shadow = new RfbScreenSourcesTest.Viewer();
        ScreenSources.Lease shadowLease = sources.open("g-1", shadow, ViewerRole.SHADOW);

        assertThat(RfbScreenSourcesTest.red(shadowLease)).as("the shadow sees the same screen").isTrue();
        assertThat(sources.activity("g-1").viewers()).as("the user alone").isEqualTo(1);
        vnc.resize(40, 30);
        await().atMost(Duration.ofSeconds(5)).until(() -> user.resized && shadow.resized);
        assertThat(shadow.damage).contains(new Rect(0, 0, 40, 30));
        Thread.sleep(200); // a takeover would be told on a background thread
        assertThat(user.ended).isEmpty();
        assertThat(shadow.ended).isEmpty();
        assertThat(vnc.connections.get()).as("one screen connection for both").isEqualTo(1);

        userLease.close(); // the user went: only the shadow watches
        assertThat(sources.activity("g-1").viewers()).as("the policies see the user gone").isZero();
        assertThat(sources.openScreens()).as("the shadow keeps the screen open").isEqualTo(1);
        assertThat(vnc.open.get()).isEqualTo(1);
        shadowLease.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> vnc.open.get() == 0);
        assertThat(shadow.ended).as("leaving ends nobody").isEmpty();
    }

    @Test
    void aUserWhoComesTakesOverOnlyTheUsersViewerBeforeTheShadowWatchesOn() throws Exception {
        RfbScreenSourcesTest.Viewer first = new RfbScreenSourcesTest.Viewer();
        sources.open("g-1", first);
        RfbScreenSourcesTest.Viewer shadow = new RfbScreenSourcesTest.Viewer();
        ScreenSources.Lease shadowLease = sources.open("g-1", shadow, ViewerRole.SHADOW);
        RfbScreenSourcesTest.Viewer second = new RfbScreenSourcesTest.Viewer();
        ScreenSources.Lease secondLease = sources.open("g-1", second);

        await().atMost(Duration.ofSeconds(5)).until(() -> !first.ended.isEmpty());
        assertThat(first.ended).containsExactly(Ending.TAKEN_OVER);
        Thread.sleep(200);
        assertThat(shadow.ended).as("the shadow is nobody's to take over").isEmpty();
        assertThat(sources.activity("g-1").viewers()).isEqualTo(1);
        vnc.resize(40, 30);
        await().atMost(Duration.ofSeconds(5)).until(() -> shadow.resized && second.resized);

        shadowLease.close(); // the shadow leaving ends nobody either
        Thread.sleep(200);
        assertThat(second.ended).isEmpty();
        assertThat(vnc.open.get()).isEqualTo(1);
        secondLease.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> vnc.open.get() == 0);
    }

    @Test
    void aShadowsInputNeverReachesTheGuestNorCountsAsActivity() throws Exception {
        ScreenSources.Lease shadow = sources.open("g-1", new RfbScreenSourcesTest.Viewer(), ViewerRole.SHADOW);
        await().atMost(Duration.ofSeconds(5)).until(() -> RfbScreenSourcesTest.red(shadow));
        Thread.sleep(200); // the first update (with the extended-key acknowledgement) has arrived
        now.set(T0.plusSeconds(5));
        shadow.source().send(new GuestInput.Key(0x1e, true));
        shadow.source().send(new GuestInput.Pointer(3, 4, 1));
        shadow.source().release(new GuestInput.Key(0x1e, false));

        // A user's key afterwards does arrive: had the shadow's got through, it would be there first.
        ScreenSources.Lease user = sources.open("g-1", new RfbScreenSourcesTest.Viewer());
        assertThat(sources.activity("g-1").lastInputAt()).as("no input from anyone yet").isNull();
        RfbScreenSourcesTest.send(user, new GuestInput.Key(0x30, true));
        await().atMost(Duration.ofSeconds(5)).until(() -> !vnc.keys.isEmpty());
        assertThat(vnc.keys).extracting(FakeVncServer.KeyEvent::keycode).containsExactly(0x30);
        assertThat(vnc.pointers.get()).isZero();
        assertThat(sources.activity("g-1").lastInputAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aGuestHasAtMostFourShadowsAndAFifthIsRefusedWithTooManyRequests() throws Exception {
        List<ScreenSources.Lease> shadows = new ArrayList<>();
        for (int i = 0; i < RfbScreenSources.MAX_SHADOWS; i++) {
            shadows.add(sources.open("g-1", new RfbScreenSourcesTest.Viewer(), ViewerRole.SHADOW));
        }
        Ending refused = null;
        try {
            sources.open("g-1", new RfbScreenSourcesTest.Viewer(), ViewerRole.SHADOW).close();
        } catch (Refusal r) {
            refused = r.ending();
        }
        assertThat(refused).isEqualTo(new Ending(4429, "TOO_MANY_REQUESTS"));
        RfbScreenSourcesTest.Viewer user = new RfbScreenSourcesTest.Viewer();
        sources.open("g-1", user); // the user is never kept out by shadows
        assertThat(sources.activity("g-1").viewers()).isEqualTo(1);

        shadows.removeFirst().close();
        sources.open("g-1", new RfbScreenSourcesTest.Viewer(), ViewerRole.SHADOW); // room again
        assertThat(user.ended).isEmpty();
    }

    @Test
    void aGuestThatStopsEndsItsShadowsToo() throws Exception {
        RfbScreenSourcesTest.Viewer user = new RfbScreenSourcesTest.Viewer();
        RfbScreenSourcesTest.Viewer shadow = new RfbScreenSourcesTest.Viewer();
        sources.open("g-1", user);
        sources.open("g-1", shadow, ViewerRole.SHADOW);
        engine.publish("g-1", GuestState.STOPPED);
        await().atMost(Duration.ofSeconds(5)).until(() -> !user.ended.isEmpty() && !shadow.ended.isEmpty());
        assertThat(shadow.ended).containsExactly(Ending.SESSION_ENDED);
        assertThat(user.ended).containsExactly(Ending.SESSION_ENDED);
        await().atMost(Duration.ofSeconds(5)).until(() -> sources.openScreens() == 0);
    }
}
