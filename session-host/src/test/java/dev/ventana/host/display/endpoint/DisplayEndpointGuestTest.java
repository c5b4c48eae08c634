package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.ventana.host.display.endpoint.ScreenMeasures.masked;
import static dev.ventana.host.display.endpoint.ScreenMeasures.median;
import static dev.ventana.host.display.endpoint.ScreenMeasures.sleep;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.source.GuestActivity;
import dev.ventana.host.display.source.RfbScreenSources;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TextScreen;
import dev.ventana.host.testing.TinyImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole display path on a real tiny QEMU guest: the session host application on a random
 * port, a real WebSocket client with the farm token, the guest's prompt read off the canvas the
 * host's messages paint, typing through KEY messages, viewers taking the guest over from each
 * other, and the bad cases after which the host and the guest must carry on. Needs
 * -Dventana.images.dir (deploy/images/tiny/build.sh).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DisplayEndpointGuestTest {
    static final String TOKEN = "display-test-farm-token-0123456789";
    static final Path TMP = tempDir();
    static final Map<Character, Integer> KEYS = new HashMap<>();
    static final TestViewer.Close TAKEN_OVER = new TestViewer.Close(1000, "TAKEN_OVER");

    static {
        String[] rows = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
        int[] firsts = {0x10, 0x1e, 0x2c};
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < rows[r].length(); i++) {
                KEYS.put(rows[r].charAt(i), firsts[r] + i);
            }
        }
        KEYS.put(' ', 0x39);
        KEYS.put('\n', 0x1c);
    }

    @DynamicPropertySource
    static void hostProperties(DynamicPropertyRegistry registry) {
        registry.add("ventana.host.farm-token", () -> TOKEN);
        registry.add("ventana.host.run-dir", () -> TMP.resolve("run").toString());
        registry.add("ventana.host.data-dir", () -> TMP.resolve("data").toString());
        registry.add("ventana.host.images-dir", () -> TinyImages.imagesDir().toString());
        registry.add("ventana.host.accel", () -> "tcg");
        registry.add("ventana.host.data-disk-mi-b", () -> "64");
    }

    @LocalServerPort
    int port;
    @Autowired
    QemuEngine engine;
    @Autowired
    RfbScreenSources screens;

    final HttpClient http = HttpClient.newHttpClient();
    final List<TestViewer> viewers = new ArrayList<>();
    GuestInfo guest;
    GuestInfo doomed;
    /** The viewer watching the guest now: each new one takes it over. */
    TestViewer watcher;
    TextScreen text;

    @BeforeAll
    void bootAGuestAndWatchItsPrompt() {
        guest = engine.start(GuestHarness.tiny("alice"));
        guest = GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
        watcher = viewer(guest.id()).hello();
        assertThat(watcher.hello.join()).isEqualTo(new HostMessage.Hello(1, 720, 400, 3));
        text = awaitPrompt(watcher);
    }

    @AfterAll
    void killEveryGuest() throws IOException {
        viewers.forEach(TestViewer::close);
        for (GuestInfo g : engine.list()) {
            ProcessHandle.of(g.pid()).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
        }
        try (Stream<Path> files = Files.walk(TMP)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void typedKeysShowOnTheCanvasPromptLine() throws IOException {
        Framebuffer.Snapshot before = watcher.snapshot();
        int promptRow = text.lastNonBlankRow(before);
        assertThat(text.row(before, promptRow)).isEqualTo("ventana#");

        // One character at a time: from the KEY message to the change on the canvas. A second RFB
        // client of our own watches the same VNC server: when QEMU sent the change is the floor
        // that any viewer fed by RFB has (its refresh timer), the rest is ours.
        List<Long> rfbNanos = new java.util.concurrent.CopyOnWriteArrayList<>();
        int rowTop = promptRow * 16;
        RfbClient probe = RfbClient.connect(guest.paths().vncSocket());
        probe.addListener((fb, changed, resized) -> {
            if (changed.stream().anyMatch(r -> r.y() < rowTop + 16 && r.y() + r.height() > rowTop && r.width() > 0)) {
                rfbNanos.add(System.nanoTime());
            }
        });
        List<Long> micros = new ArrayList<>();
        List<Long> rfbMicros = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        String typed = "ventana# ";
        try {
            for (char c : "echo ventana".toCharArray()) {
                typed += c;
                String expected = typed.stripTrailing();
                long bytesBefore = watcher.bytes.get();
                long start = System.nanoTime();
                press(watcher, c);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                        .until(() -> text.row(watcher.snapshot(), promptRow).equals(expected) || c == ' ');
                micros.add((System.nanoTime() - start) / 1000);
                rfbMicros.add(rfbNanos.stream().filter(t -> t > start).findFirst().map(t -> (t - start) / 1000).orElse(-1L));
                bytes.add(watcher.bytes.get() - bytesBefore);
                sleep(60); // let the cursor's own blink updates go by before the next measurement
            }
        } finally {
            probe.close();
        }
        press(watcher, '\n');

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Framebuffer.Snapshot now = watcher.snapshot();
            assertThat(text.row(now, promptRow)).as(text.all(now)).isEqualTo("ventana# echo ventana");
            assertThat(text.row(now, promptRow + 1)).as(text.all(now)).isEqualTo("ventana");
            assertThat(text.row(now, promptRow + 2)).as(text.all(now)).isEqualTo("ventana#");
        });
        micros.remove(4); // the space shows nothing to wait for
        rfbMicros.remove(4);
        bytes.remove(4);
        System.out.printf("display: key to canvas, one character: median %.1f ms, max %.1f ms (%s us); "
                + "key to QEMU's RFB update (the floor): median %.1f ms (%s us); "
                + "bytes to the viewer per character: median %d (%s)%n",
                median(micros) / 1000.0, micros.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0, micros,
                median(rfbMicros.stream().filter(t -> t >= 0).toList()) / 1000.0, rfbMicros, median(bytes), bytes);
    }

    @Test
    @Order(2)
    void aSecondViewerTakesTheGuestOverAndTheFirstIsClosedWith1000TakenOver() {
        TestViewer alice = watcher;
        TestViewer bob = viewer(guest.id()).hello();
        assertThat(alice.closed.join()).isEqualTo(TAKEN_OVER);
        await().atMost(Duration.ofSeconds(10)).until(() -> bob.frames.get() >= 1);
        assertThat(screens.openScreens()).isEqualTo(1);
        GuestActivity activity = screens.activity(guest.id());
        assertThat(activity.viewers()).isEqualTo(1);
        assertThat(activity.lastInputAt()).as("alice typed").isBetween(Instant.now().minusSeconds(120), Instant.now());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(masked(bob.snapshot())).isEqualTo(masked(alice.snapshot())));
        watcher = bob;
    }

    @Test
    @Order(3)
    void aWrongOrMissingFarmTokenIsRefusedAtTheHandshakeWith401() {
        URI uri = displayUri(guest.id());
        for (String header : new String[] {"Bearer wrong-token-0123456789abcdef", "Basic " + TOKEN, null}) {
            var builder = http.newWebSocketBuilder();
            if (header != null) {
                builder.header("Authorization", header);
            }
            assertThatThrownBy(() -> builder.buildAsync(uri, new TestViewer()).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        }
    }

    @Test
    @Order(4)
    void anUnknownGuestIsClosedWith4404() {
        TestViewer nobody = viewer("g-000000000000");
        assertThat(nobody.closed.join()).isEqualTo(new TestViewer.Close(4404, "NOT_FOUND"));
        TestViewer nonsense = viewer("..");
        assertThat(nonsense.closed.join()).isEqualTo(new TestViewer.Close(4404, "NOT_FOUND"));
    }

    @Test
    @Order(5)
    void aMalformedMessageClosesItsConnectionWith4400WhileTheHostAndTheGuestCarryOn() {
        TestViewer mallory = viewer(guest.id()).hello();
        assertThat(watcher.closed.join()).isEqualTo(TAKEN_OVER);
        await().atMost(Duration.ofSeconds(10)).until(() -> mallory.frames.get() >= 1);
        mallory.send(new byte[] {(byte) 0x82, 1, 0}); // a truncated KEY
        assertThat(mallory.closed.join()).isEqualTo(new TestViewer.Close(4400, "BAD_REQUEST"));

        TestViewer texter = viewer(guest.id()).hello();
        texter.sendText("hello");
        assertThat(texter.closed.join()).isEqualTo(new TestViewer.Close(4400, "BAD_REQUEST"));

        // The host and the guest carry on: the next viewer's key reaches the guest and its canvas.
        await().atMost(Duration.ofSeconds(10)).until(() -> screens.activity(guest.id()).viewers() == 0);
        watcher = takeOver();
        int promptRow = text.lastNonBlankRow(watcher.snapshot());
        press(watcher, 'x');
        await().atMost(Duration.ofSeconds(10))
                .until(() -> text.row(watcher.snapshot(), promptRow).equals("ventana# x"));
        press(watcher, '\n');
        await().atMost(Duration.ofSeconds(10))
                .until(() -> text.row(watcher.snapshot(), text.lastNonBlankRow(watcher.snapshot())).equals("ventana#"));
        assertThat(watcher.closed).isNotDone();
    }

    @Test
    @Order(6)
    void aMessageOverOneMebibyteIsClosedWith4413() {
        TestViewer big = viewer(guest.id()).hello();
        assertThat(watcher.closed.join()).isEqualTo(TAKEN_OVER);
        await().atMost(Duration.ofSeconds(10)).until(() -> big.frames.get() >= 1);
        byte[] huge = new byte[(1 << 20) + 1];
        huge[0] = (byte) 0x82;
        big.send(huge);
        assertThat(big.closed.join()).isEqualTo(new TestViewer.Close(4413, "TOO_LARGE"));
    }

    @Test
    @Order(7)
    void anIdleGuestCostsLittleAndAViewerThatDoesNotAckGetsAtMostTheWindow() {
        watcher = takeOver();
        long bytesBefore = watcher.bytes.get();
        long framesBefore = watcher.frames.get();
        sleep(3000);
        long idleBytes = watcher.bytes.get() - bytesBefore;
        long idleFrames = watcher.frames.get() - framesBefore;
        System.out.printf("display: idle tiny guest (blinking text cursor) for 3 s: %d frames, %d bytes%n",
                idleFrames, idleBytes);
        assertThat(idleBytes).as("only the cursor blinks").isLessThan(20_000);

        // The first key after the idle time: QEMU's VNC refresh timer may have backed off.
        Framebuffer.Snapshot before = watcher.snapshot();
        int promptRow = text.lastNonBlankRow(before);
        long start = System.nanoTime();
        press(watcher, 'z');
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .until(() -> text.row(watcher.snapshot(), promptRow).equals("ventana# z"));
        System.out.printf("display: first key after 3 s idle: %.1f ms%n", (System.nanoTime() - start) / 1e6);
        watcher.key(0x0e, true).key(0x0e, false); // backspace
        await().atMost(Duration.ofSeconds(10)).until(() -> text.row(watcher.snapshot(), promptRow).equals("ventana#"));

        // PING is answered outside the frame window, and quickly.
        List<Long> rtts = new ArrayList<>();
        for (long nonce = 1; nonce <= 9; nonce++) {
            long sent = System.nanoTime();
            watcher.ping(nonce);
            long n = nonce;
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> watcher.pongs.containsKey(n));
            rtts.add((watcher.pongs.get(n) - sent) / 1000);
        }
        System.out.printf("display: PING to PONG round trip on loopback: median %.2f ms (%s us)%n",
                median(rtts) / 1000.0, rtts);

        TestViewer lazy = viewer(guest.id());
        lazy.stopAcking();
        lazy.hello();
        assertThat(watcher.closed.join()).isEqualTo(TAKEN_OVER);
        sleep(2000); // the cursor blinks several times meanwhile
        assertThat(lazy.frames.get()).isBetween(1L, 3L);
        lazy.ping(77); // a full window holds back frames, not pongs
        await().atMost(Duration.ofSeconds(5)).until(() -> lazy.pongs.containsKey(77L));
        lazy.close();
    }

    @Test
    @Order(8)
    void theLastViewerLeavingClosesTheScreenAndAStoppedGuestEndsItsViewersWith1000() {
        // Booted now, after the measurements, for the next test: its QEMU gets killed.
        doomed = engine.start(GuestHarness.tiny("dave"));
        await().atMost(Duration.ofSeconds(10)).until(() -> screens.openScreens() == 0);

        TestViewer carol = viewer(guest.id()).hello();
        await().atMost(Duration.ofSeconds(10)).until(() -> carol.frames.get() >= 1);
        assertThat(screens.openScreens()).isEqualTo(1);
        engine.stop(guest.id());
        assertThat(carol.closed.join()).isEqualTo(new TestViewer.Close(1000, "SESSION_ENDED"));
        GuestHarness.awaitState(engine, guest.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        assertThat(viewer(guest.id()).closed.join()).isEqualTo(new TestViewer.Close(1000, "SESSION_ENDED"));
        assertThat(screens.openScreens()).isZero();
    }

    @Test
    @Order(9)
    void aGuestWhoseQemuDiesEndsItsViewersWith4502() {
        doomed = GuestHarness.awaitState(engine, doomed.id(), GuestState.RUNNING, GuestHarness.BOOT);
        TestViewer dave = viewer(doomed.id()).hello();
        await().atMost(Duration.ofSeconds(10)).until(() -> dave.frames.get() >= 1);
        ProcessHandle.of(doomed.pid()).orElseThrow().destroyForcibly();
        assertThat(dave.closed.join()).isEqualTo(new TestViewer.Close(4502, "UPSTREAM_FAILED"));
        GuestHarness.awaitState(engine, doomed.id(), GuestState.FAILED, Duration.ofSeconds(30));
        assertThat(viewer(doomed.id()).closed.join()).isEqualTo(new TestViewer.Close(4502, "UPSTREAM_FAILED"));
        assertThat(screens.openScreens()).isZero();
    }

    // --- helpers ---

    /** A new viewer takes the guest over; returns once its first frame shows the prompt. */
    TestViewer takeOver() {
        TestViewer v = viewer(guest.id()).hello();
        await().atMost(Duration.ofSeconds(10)).until(() -> v.frames.get() >= 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> text.row(v.snapshot(), text.lastNonBlankRow(v.snapshot())).equals("ventana#"));
        return v;
    }

    TestViewer viewer(String guestId) {
        TestViewer v = TestViewer.connect(http, displayUri(guestId), TOKEN);
        viewers.add(v);
        return v;
    }

    URI displayUri(String guestId) {
        return URI.create("ws://127.0.0.1:" + port + "/display/" + guestId);
    }

    static void press(TestViewer v, char c) {
        int code = KEYS.get(c);
        v.key(code, true).key(code, false);
    }

    static TextScreen awaitPrompt(TestViewer v) {
        TextScreen text = new TextScreen();
        await().atMost(GuestHarness.BOOT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Framebuffer.Snapshot s = v.snapshot();
            if (!text.learn(s)) {
                return false;
            }
            int last = text.lastNonBlankRow(s);
            return last > 0 && text.row(s, last).equals("ventana#");
        });
        return text;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ventana-display-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
