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
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway's relay between a real browser-side WebSocket and a host endpoint that the test plays byte by byte, and what it reports to the metrics. */
class RelayTest extends ServerTest {
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
        user = userAccount("relay-user", "Relay", "relay user password");
    }

    @AfterEach
    void tearDown() throws IOException {
        host.close();
    }

    @Test
    void messagesPassUnchangedBothWaysWhateverTheirSizeAndFragments() throws Exception {
        WebSocketProbe browser = connect();
        FakeHostDisplay.Connection h = host.accept(WAIT);
        assertThat(h.path).endsWith("/display/guest-1");
        assertThat(h.headers.get("authorization")).isEqualTo("Bearer test-farm-token-0123456789");

        byte[] big = bytes(300_000, 1);
        browser.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
        browser.socket().sendBinary(ByteBuffer.wrap(big), true).join();
        browser.socket().sendBinary(ByteBuffer.wrap(new byte[] {4}), true).join();
        assertThat(h.readMessage()).containsExactly(1, 2, 3);
        assertThat(h.readMessage()).isEqualTo(big);
        assertThat(h.readMessage()).containsExactly(4);

        byte[] picture = bytes(700_000, 2);
        h.sendBinary(new byte[] {9, 8}, 1);
        h.sendBinary(picture, 50_000);
        h.sendBinary(new byte[] {7}, 1);
        await().atMost(WAIT).until(() -> browser.fromHost().size() >= 3);
        assertThat(browser.fromHost()).as("one message each, boundaries kept")
                .containsExactly(new byte[] {9, 8}, picture, new byte[] {7});

        browser.socket().sendClose(1000, "").join();
        assertThat(h.readMessage()).isNull();
        assertThat(h.closeCode()).isEqualTo(1000);
    }

    @Test
    void theHostsCloseCodeReachesTheBrowser() throws Exception {
        WebSocketProbe browser = connect();
        host.accept(WAIT).sendClose(4404, "NOT_FOUND");
        assertThat(browser.awaitClose()).isEqualTo(new WebSocketProbe.Close(4404, "NOT_FOUND"));
    }

    @Test
    void aHostThatDropsTheConnectionIsAnUpstreamFailure() throws Exception {
        WebSocketProbe browser = connect();
        host.accept(WAIT).drop();
        assertThat(browser.awaitClose()).isEqualTo(new WebSocketProbe.Close(4502, "UPSTREAM_FAILED"));
    }

    @Test
    void aHostThatBreaksTheProtocolIsAnUpstreamFailureAndIsDisconnected() throws Exception {
        WebSocketProbe oversized = connect();
        FakeHostDisplay.Connection first = host.accept(WAIT);
        first.sendBinary(bytes(DisplayRelay.MAX_MESSAGE_BYTES + 1, 3), 64 * 1024);
        assertThat(oversized.awaitClose()).isEqualTo(new WebSocketProbe.Close(4502, "UPSTREAM_FAILED"));
        assertThat(oversized.fromHost()).isEmpty();

        WebSocketProbe text = connect();
        host.accept(WAIT).sendText("hello");
        assertThat(text.awaitClose()).isEqualTo(new WebSocketProbe.Close(4502, "UPSTREAM_FAILED"));
    }

    @Test
    void aBrowserFloodingInputIsClosedWithTooManyRequestsWhateverPaceTheHostReadsAt() throws Exception {
        // The host reads nothing here, as a host pacing keys 10 ms apart reads little: the gateway
        // counts the flood where it arrives (docs/protocol.md, "Limits").
        WebSocketProbe browser = connect();
        FakeHostDisplay.Connection h = host.accept(WAIT);
        ByteBuffer key = ByteBuffer.wrap(new byte[] {(byte) 0x82, 1, 0, 0x2a});
        browser.socket().sendBinary(key.duplicate(), true).join();
        // Before the flood: once it is refused the queue to the host is dropped, with what it still held.
        assertThat(h.readMessage()).as("input within the limit reaches the host").containsExactly(0x82, 1, 0, 0x2a);
        try {
            for (int i = 0; i < 200_000 && !browser.socket().isInputClosed(); i++) {
                browser.socket().sendBinary(key.duplicate(), true).join();
            }
        } catch (RuntimeException closedUnderneath) {
            // the gateway closed the connection while the flood went on
        }
        assertThat(browser.awaitClose()).isEqualTo(new WebSocketProbe.Close(4429, "TOO_MANY_REQUESTS"));
    }

    @Test
    void theFirstFrameOfTheFirstViewerTimesTheLaunchOnceAndBytesAreCounted() throws Exception {
        UUID session = new RunningSessions(jdbc).create(user, host.agentUrl().resolve("/" + UUID.randomUUID()));
        jdbc.sql("UPDATE sessions SET created_at = now() - interval '3 seconds' WHERE id = ?").param(session).update();
        long launches = launchTimer().count();
        double launchSeconds = launchTimer().totalTime(TimeUnit.SECONDS);
        double toHost = relayed("to_host");
        double toBrowser = relayed("to_browser");

        WebSocketProbe first = connect(session);
        FakeHostDisplay.Connection h = host.accept(WAIT);
        first.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
        assertThat(h.readMessage()).containsExactly(1, 2, 3);
        h.sendBinary(new byte[10], 10);
        await().atMost(WAIT).until(() -> launchTimer().count() == launches + 1);

        assertThat(launchTimer().totalTime(TimeUnit.SECONDS) - launchSeconds).isBetween(3.0, 60.0);
        assertThat(relayed("to_host") - toHost).isGreaterThanOrEqualTo(3);
        assertThat(relayed("to_browser") - toBrowser).isGreaterThanOrEqualTo(10);

        // Another frame, and a second viewer's frames: the launch was timed already.
        h.sendBinary(new byte[20], 20);
        await().atMost(WAIT).until(() -> first.fromHost().size() == 2);
        first.socket().sendClose(1000, "").join();
        WebSocketProbe second = connect(session);
        FakeHostDisplay.Connection h2 = host.accept(WAIT);
        h2.sendBinary(new byte[5], 5);
        h2.sendBinary(new byte[6], 6);
        await().atMost(WAIT).until(() -> second.fromHost().size() == 2);
        assertThat(launchTimer().count()).isEqualTo(launches + 1);
        assertThat(relayed("to_browser") - toBrowser).isGreaterThanOrEqualTo(41);
    }

    private WebSocketProbe connect() {
        // A session and host row per connection, all served by the one fake.
        return connect(new RunningSessions(jdbc).create(user, host.agentUrl().resolve("/" + UUID.randomUUID())));
    }

    private WebSocketProbe connect(UUID session) {
        String ticket = tickets.issue(session, user.id()).ticket();
        return new WebSocketProbe(URI.create("ws://localhost:" + port + "/ws/display?ticket=" + ticket));
    }

    private Timer launchTimer() {
        return registry.get("ventana.launch").timer();
    }

    private double relayed(String direction) {
        return registry.get("ventana.relay.bytes").tag("direction", direction).counter().count();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
