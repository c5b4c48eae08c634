package dev.ventana.host.display.endpoint;

import static org.awaitility.Awaitility.await;

import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TextScreen;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test (no assertion, not run by the build): how long the first key after an idle spell
 * takes to reach the canvas once nothing at all changes on the guest's screen (the text cursor
 * hidden). QEMU's VNC server backs its refresh timer off while the screen is still, which every
 * RFB-fed viewer pays on the next key. Run with
 * {@code ./mvnw -B -pl session-host test -Dtest=DisplayLatencyMeasurement -Dventana.images.dir=...}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DisplayLatencyMeasurement {
    static final String TOKEN = "display-measurement-farm-token-0123";
    @TempDir
    static Path tmp;

    @DynamicPropertySource
    static void hostProperties(DynamicPropertyRegistry registry) {
        registry.add("ventana.host.farm-token", () -> TOKEN);
        registry.add("ventana.host.run-dir", () -> tmp.resolve("run").toString());
        registry.add("ventana.host.data-dir", () -> tmp.resolve("data").toString());
        registry.add("ventana.host.images-dir", () -> dev.ventana.host.testing.TinyImages.imagesDir().toString());
        registry.add("ventana.host.accel", () -> "tcg");
    }

    @LocalServerPort
    int port;
    @Autowired
    QemuEngine engine;

    @Test
    void firstKeyAfterIdleSpells() throws Exception {
        GuestInfo guest = engine.start(GuestHarness.tiny("mia"));
        try {
            guest = GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
            TestViewer v = TestViewer.connect(HttpClient.newHttpClient(),
                    URI.create("ws://127.0.0.1:" + port + "/display/" + guest.id()), TOKEN).hello();
            TextScreen text = DisplayEndpointGuestTest.awaitPrompt(v);
            // Hide the console's blinking cursor: printf '\033[?25l'
            typeUs(v, "printf '\\033[?25l'\n");
            Thread.sleep(1000);
            for (int idleSeconds : new int[] {1, 3, 10, 30, 60}) {
                long frames = v.frames.get();
                Thread.sleep(idleSeconds * 1000L);
                long idleFrames = v.frames.get() - frames;
                Framebuffer.Snapshot before = v.snapshot();
                int row = text.lastNonBlankRow(before);
                String prompt = text.row(before, row);
                long start = System.nanoTime();
                DisplayEndpointGuestTest.press(v, 'x');
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                        .until(() -> !Arrays.equals(v.snapshot().argb(), before.argb()));
                double ms = (System.nanoTime() - start) / 1e6;
                await().atMost(Duration.ofSeconds(10)).until(() -> text.row(v.snapshot(), row).equals(prompt + " x"));
                System.out.printf("display: after %d s idle (%d frames meanwhile): first key on the canvas in %.1f ms%n",
                        idleSeconds, idleFrames, ms);
                v.key(0x0e, true).key(0x0e, false);
                await().atMost(Duration.ofSeconds(10)).until(() -> text.row(v.snapshot(), row).equals(prompt));
            }
            v.close();
        } finally {
            ProcessHandle.of(engine.find(guest.id()).orElseThrow().pid()).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
        }
    }

    /** US layout, just the characters used here. */
    static void typeUs(TestViewer v, String s) throws InterruptedException {
        String plain = "abcdefghijklmnopqrstuvwxyz0123456789 \n'\\[";
        for (char c : s.toCharArray()) {
            int code;
            boolean shift = false;
            switch (c) {
                case '\'' -> code = 0x28;
                case '\\' -> code = 0x2b;
                case '[' -> code = 0x1a;
                case '?' -> {
                    code = 0x35;
                    shift = true;
                }
                default -> {
                    if (c >= '0' && c <= '9') {
                        code = c == '0' ? 0x0b : 0x02 + (c - '1');
                    } else if (plain.indexOf(c) >= 0) {
                        code = DisplayEndpointGuestTest.KEYS.get(c);
                    } else {
                        throw new IllegalArgumentException("no key for " + c);
                    }
                }
            }
            if (shift) {
                v.key(0x2a, true);
            }
            v.key(code, true).key(code, false);
            if (shift) {
                v.key(0x2a, false);
            }
            Thread.sleep(30);
        }
    }
}
