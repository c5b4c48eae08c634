package dev.ventana.host.display.endpoint;

import static dev.ventana.host.display.endpoint.DisplayEndpointGuestTest.TAKEN_OVER;
import static dev.ventana.host.display.endpoint.DisplayEndpointGuestTest.awaitPrompt;
import static dev.ventana.host.display.endpoint.DisplayEndpointGuestTest.press;
import static dev.ventana.host.display.endpoint.ScreenMeasures.masked;
import static dev.ventana.host.display.endpoint.ScreenMeasures.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.source.GuestActivity;
import dev.ventana.host.display.source.RfbScreenSources;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.QemuEngine;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Shadows on a real tiny QEMU guest through the session host application: an administrator's
 * read-only viewer ({@code ?mode=shadow}) watches beside the user's, its keys never reach the
 * guest, a user who roams takes over only the user's old viewer, a fifth shadow is refused and a
 * mode the host does not know is refused at the handshake. Needs -Dventana.images.dir.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisplayShadowGuestTest {
    static final String TOKEN = "shadow-test-farm-token-0123456789";
    static final Path TMP = tempDir();

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
    void aShadowWatchesBesideTheUserItsKeysNeverReachTheGuestAndAUserTakingOverLeavesItWatching() {
        GuestInfo guest = engine.start(GuestHarness.tiny("erin"));
        GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
        TestViewer user = viewer(guest.id(), "").hello();
        TextScreen text = awaitPrompt(user);
        TestViewer shadow = viewer(guest.id(), "?mode=shadow").hello();
        await().atMost(Duration.ofSeconds(10)).until(() -> shadow.frames.get() >= 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(masked(shadow.snapshot())).isEqualTo(masked(user.snapshot())));
        assertThat(user.closed).as("the shadow took nobody over").isNotDone();
        GuestActivity before = screens.activity(guest.id());
        assertThat(before.viewers()).as("the user's viewer alone").isEqualTo(1);

        int promptRow = text.lastNonBlankRow(user.snapshot());
        for (char c : "qq\n".toCharArray()) {
            press(shadow, c);
        }
        sleep(1500); // a key that got through shows within a few frames
        assertThat(text.row(user.snapshot(), promptRow)).as(text.all(user.snapshot())).isEqualTo("ventana#");
        assertThat(screens.activity(guest.id()).lastInputAt()).as("nobody's input yet").isEqualTo(before.lastInputAt());
        press(user, 'w'); // the user's keys do get through, and the shadow sees them
        await().atMost(Duration.ofSeconds(10)).until(() -> text.row(shadow.snapshot(), promptRow).equals("ventana# w"));
        assertThat(screens.activity(guest.id()).lastInputAt()).isNotNull();

        TestViewer roamed = viewer(guest.id(), "").hello(); // the user roams: the old viewer goes, the shadow stays
        assertThat(user.closed.join()).isEqualTo(TAKEN_OVER);
        await().atMost(Duration.ofSeconds(10)).until(() -> roamed.frames.get() >= 1);
        assertThat(shadow.closed).isNotDone();
        assertThat(screens.activity(guest.id()).viewers()).isEqualTo(1);

        for (int i = 1; i < RfbScreenSources.MAX_SHADOWS; i++) {
            viewer(guest.id(), "?mode=shadow").hello();
        }
        assertThat(viewer(guest.id(), "?mode=shadow").closed.join()).as("one shadow too many")
                .isEqualTo(new TestViewer.Close(4429, "TOO_MANY_REQUESTS"));
        assertThatThrownBy(() -> http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(URI.create(displayUri(guest.id()) + "?mode=admin"), new TestViewer()).join())
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));

        roamed.close(); // only shadows watch now: the host counts no viewer, the policies see the user gone
        await().atMost(Duration.ofSeconds(10)).until(() -> screens.activity(guest.id()).viewers() == 0);
        assertThat(shadow.closed).isNotDone();
        assertThat(screens.openScreens()).isEqualTo(1);
        engine.stop(guest.id());
        assertThat(shadow.closed.join()).isEqualTo(new TestViewer.Close(1000, "SESSION_ENDED"));
    }

    TestViewer viewer(String guestId, String query) {
        TestViewer v = TestViewer.connect(http, URI.create(displayUri(guestId) + query), TOKEN);
        viewers.add(v);
        return v;
    }

    String displayUri(String guestId) {
        return "ws://127.0.0.1:" + port + "/display/" + guestId;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ventana-shadow-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
