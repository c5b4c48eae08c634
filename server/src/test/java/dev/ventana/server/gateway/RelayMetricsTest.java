package dev.ventana.server.gateway;

import dev.ventana.server.ServerTest;
import dev.ventana.server.WebSocketProbe;
import dev.ventana.server.identity.UserAccount;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the relay reports to the metrics: bytes both ways, and the launch's first frame once per session. */
class RelayMetricsTest extends ServerTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    Tickets tickets;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry registry;

    FakeHostDisplay host;
    UserAccount user;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHostDisplay();
        user = userAccount("relay-metrics-user", "Relay metrics", "relay metrics password");
    }

    @AfterEach
    void tearDown() throws IOException {
        host.close();
    }

    @Test
    void theFirstFrameOfTheFirstViewerTimesTheLaunchOnceAndBytesAreCounted() throws Exception {
        UUID session = new RunningSessions(jdbc).create(user, host.agentUrl().resolve("/" + UUID.randomUUID()));
        jdbc.sql("UPDATE sessions SET created_at = now() - interval '3 seconds' WHERE id = ?").param(session).update();
        long launches = launchTimer().count();
        double launchSeconds = launchTimer().totalTime(TimeUnit.SECONDS);
        double toHost = bytes("to_host");
        double toBrowser = bytes("to_browser");

        WebSocketProbe first = connect(session);
        FakeHostDisplay.Connection h = host.accept(WAIT);
        first.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
        assertThat(h.readMessage()).containsExactly(1, 2, 3);
        h.sendBinary(new byte[10], 10);
        await().atMost(WAIT).until(() -> launchTimer().count() == launches + 1);

        assertThat(launchTimer().totalTime(TimeUnit.SECONDS) - launchSeconds).isBetween(3.0, 60.0);
        assertThat(bytes("to_host") - toHost).isGreaterThanOrEqualTo(3);
        assertThat(bytes("to_browser") - toBrowser).isGreaterThanOrEqualTo(10);

        // Another frame, and a second viewer's frames: the launch was timed already.
        h.sendBinary(new byte[20], 20);
        await().atMost(WAIT).until(() -> first.received().size() == 2);
        first.socket().sendClose(1000, "").join();
        WebSocketProbe second = connect(session);
        FakeHostDisplay.Connection h2 = host.accept(WAIT);
        h2.sendBinary(new byte[5], 5);
        h2.sendBinary(new byte[6], 6);
        await().atMost(WAIT).until(() -> second.received().size() == 2);
        assertThat(launchTimer().count()).isEqualTo(launches + 1);
        assertThat(bytes("to_browser") - toBrowser).isGreaterThanOrEqualTo(41);
    }

    private WebSocketProbe connect(UUID session) {
        String ticket = tickets.issue(session, user.id()).ticket();
        return new WebSocketProbe(URI.create("ws://localhost:" + port + "/ws/display?ticket=" + ticket));
    }

    private Timer launchTimer() {
        return registry.get("ventana.launch").timer();
    }

    private double bytes(String direction) {
        return registry.get("ventana.relay.bytes").tag("direction", direction).counter().count();
    }
}
