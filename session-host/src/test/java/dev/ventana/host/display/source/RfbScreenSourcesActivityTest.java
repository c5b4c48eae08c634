package dev.ventana.host.display.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.guest.GuestState;
import dev.ventana.host.rfb.RfbClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest's activity as the farm's heartbeat reads it: its viewers now and its last input, kept
 * per guest while its screen closes and opens again, forgotten when the guest ends.
 */
class RfbScreenSourcesActivityTest {
    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    @TempDir
    Path tmp;

    final FakeEngine engine = new FakeEngine();
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    FakeVncServer vnc;
    RfbScreenSources sources;

    @AfterEach
    void close() throws Exception {
        sources.close();
        vnc.close();
    }

    RfbScreenSources sources() throws Exception {
        vnc = new FakeVncServer(tmp.resolve("g-1.sock"), 32, 24, false);
        engine.put("g-1", GuestState.RUNNING, vnc.socket);
        sources = new RfbScreenSources(engine, RfbClient::connect, Duration.ofSeconds(2), now::get);
        return sources;
    }

    @Test
    void aGuestNobodyWatchedHasNoActivity() throws Exception {
        RfbScreenSources s = sources();
        assertThat(s.activity("g-1")).isEqualTo(new GuestActivity(0, null));
        assertThat(s.activity("g-unknown")).isEqualTo(new GuestActivity(0, null));
        s.open("g-1", new RfbScreenSourcesTest.Viewer());
        assertThat(s.activity("g-1")).as("watched, no input yet").isEqualTo(new GuestActivity(1, null));
    }

    @Test
    void theLastInputIsKeptWhileTheScreenClosesAndOpensAgainAndForgottenWhenTheGuestEnds() throws Exception {
        RfbScreenSources s = sources();
        ScreenSources.Lease first = s.open("g-1", new RfbScreenSourcesTest.Viewer());
        await().atMost(Duration.ofSeconds(5)).until(() -> RfbScreenSourcesTest.red(first));
        now.set(T0.plusSeconds(1));
        first.source().send(new GuestInput.Key(0x1e, true));
        assertThat(s.activity("g-1")).isEqualTo(new GuestActivity(1, T0.plusSeconds(1)));
        now.set(T0.plusSeconds(2));
        first.source().send(new GuestInput.Pointer(3, 4, 0));
        assertThat(s.activity("g-1").lastInputAt()).isEqualTo(T0.plusSeconds(2));
        now.set(T0.plusSeconds(3));
        first.source().release(new GuestInput.Key(0x1e, false));
        assertThat(s.activity("g-1").lastInputAt()).as("the host's own release is nobody's input")
                .isEqualTo(T0.plusSeconds(2));

        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> s.openScreens() == 0);
        assertThat(s.activity("g-1")).isEqualTo(new GuestActivity(0, T0.plusSeconds(2)));
        s.open("g-1", new RfbScreenSourcesTest.Viewer());
        assertThat(s.activity("g-1")).isEqualTo(new GuestActivity(1, T0.plusSeconds(2)));

        engine.publish("g-1", GuestState.STOPPED);
        await().atMost(Duration.ofSeconds(5)).until(() -> s.openScreens() == 0);
        assertThat(s.activity("g-1")).isEqualTo(new GuestActivity(0, null));
    }

    @Test
    void theFirstInputAndInputAfterAQuietSpellAreToldAtOnceInputInAStreamIsNot() throws Exception {
        RfbScreenSources s = sources();
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        s.onInputResumed(told::incrementAndGet);
        ScreenSources.Lease lease = s.open("g-1", new RfbScreenSourcesTest.Viewer());
        await().atMost(Duration.ofSeconds(5)).until(() -> RfbScreenSourcesTest.red(lease));

        lease.source().send(new GuestInput.Key(0x1e, true));
        now.set(T0.plusSeconds(5));
        lease.source().send(new GuestInput.Pointer(3, 4, 0));
        assertThat(told).hasValue(1);
        now.set(T0.plusSeconds(5).plus(LastInput.QUIET).plusMillis(1));
        lease.source().send(new GuestInput.Pointer(5, 6, 0));
        assertThat(told).hasValue(2);
    }
}
