package dev.ventana.host.display.endpoint;

import static org.awaitility.Awaitility.await;

import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.testing.GuestHarness;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test (no assertion, not run by the build): records the host's display messages for the
 * workloads of issue 13 (office: idle 30 s, typing 200 characters in the xterm, dragging the
 * xterm there and back; tiny: typing 200 characters at the prompt), each to its own file under
 * {@code -Dventana.recordings} (default {@code target/display-recordings}), as records of
 * {@code u32 milliseconds, u32 length, bytes}. {@code WireBytes} (same package) then counts what
 * they cost on the wire with and without permessage-deflate. The viewer announces JPEG, as the
 * browser's does. Run with {@code ./mvnw -B -o test -pl db,session-host
 * -Dtest=DisplayBytesRecording -Dsurefire.failIfNoSpecifiedTests=false -Dventana.images.dir=...}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DisplayBytesRecording {
    static final String TOKEN = "display-recording-farm-token-0123";
    static final String TEXT = "the quick brown fox jumps over the lazy dog and keeps on running ";
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
    void office() throws Exception {
        if (!Boolean.getBoolean("ventana.record.office")) {
            return;
        }
        GuestInfo guest = engine.start(new GuestSpec("rec", "office", null, 768, 1));
        try {
            guest = GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
            TestViewer v = viewer(guest);
            Recorder connect = Recorder.start(v, "office-connect");
            await().atMost(GuestHarness.BOOT).pollInterval(Duration.ofMillis(500)).until(() -> {
                Framebuffer.Snapshot s = v.snapshot();
                return s.width() == 1024 && Xterm.find(s) != null
                        && IntStream.range(0, 1024).map(x -> s.pixel(x, 760) & 0xffffff).distinct().count() > 3;
            });
            Thread.sleep(15_000); // the desktop settles (icons, the first clock and CPU graph ticks)
            connect.stop();
            Xterm xterm = Xterm.find(v.snapshot());
            System.out.println("recording: xterm at " + xterm);
            // Focus the xterm: a click inside its text area.
            pointer(v, (xterm.left + xterm.right) / 2, (xterm.top + xterm.bottom) / 2, 0);
            Thread.sleep(300);
            click(v, (xterm.left + xterm.right) / 2, (xterm.top + xterm.bottom) / 2);
            Thread.sleep(3000);

            Recorder idle = Recorder.start(v, "office-idle");
            Thread.sleep(30_000);
            idle.stop();

            Recorder typing = Recorder.start(v, "office-typing");
            type(v, 200);
            Thread.sleep(2000);
            typing.stop();

            int titleX = xterm.left + 150;
            int titleY = xterm.top - 12;
            pointer(v, titleX, titleY, 0);
            Thread.sleep(3000);
            Recorder drag = Recorder.start(v, "office-drag");
            drag(v, titleX, titleY, 200, 150);
            Thread.sleep(3000);
            drag(v, titleX + 200, titleY + 150, -200, -150);
            Thread.sleep(3000);
            drag.stop();
            System.out.println("recording: xterm now at " + Xterm.find(v.snapshot()));
            v.close();
        } finally {
            kill(guest);
        }
    }

    @Test
    void tiny() throws Exception {
        if (!Boolean.getBoolean("ventana.record.tiny")) {
            return;
        }
        GuestInfo guest = engine.start(GuestHarness.tiny("rect"));
        try {
            guest = GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
            TestViewer v = viewer(guest);
            DisplayEndpointGuestTest.awaitPrompt(v);
            Thread.sleep(2000);
            Recorder typing = Recorder.start(v, "tiny-typing");
            type(v, 200);
            Thread.sleep(2000);
            typing.stop();
            v.close();
        } finally {
            kill(guest);
        }
    }

    private TestViewer viewer(GuestInfo guest) {
        TestViewer v = TestViewer.connect(HttpClient.newHttpClient(),
                URI.create("ws://127.0.0.1:" + port + "/display/" + guest.id()), TOKEN);
        // HELLO, version 1, accepts JPEG like the browser; -Dventana.record.flags=3 as a browser
        // whose hop negotiated permessage-deflate (BATCH, bit 3, is left to WireBytes: this viewer
        // records messages, and WireBytes joins each frame's as the host would).
        v.send(new byte[] {(byte) 0x81, 1, (byte) Integer.getInteger("ventana.record.flags", 1).intValue()});
        return v;
    }

    private void kill(GuestInfo guest) {
        ProcessHandle.of(engine.find(guest.id()).orElseThrow().pid()).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
    }

    /** n characters, one every 100 ms: a quick typist. */
    private static void type(TestViewer v, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            DisplayEndpointGuestTest.press(v, TEXT.charAt(i % TEXT.length()));
            Thread.sleep(100);
        }
    }

    private static void pointer(TestViewer v, int x, int y, int buttons) {
        v.send(ByteBuffer.allocate(6).put((byte) 0x83).putShort((short) x).putShort((short) y).put((byte) buttons).array());
    }

    private static void click(TestViewer v, int x, int y) throws InterruptedException {
        pointer(v, x, y, 1);
        Thread.sleep(50);
        pointer(v, x, y, 0);
    }

    /** As OfficeDesktopInputIT does: press, 15 moves 16 ms apart, 200 ms still, release. */
    private static void drag(TestViewer v, int x, int y, int dx, int dy) throws InterruptedException {
        pointer(v, x, y, 1);
        Thread.sleep(50);
        for (int step = 1; step <= 15; step++) {
            pointer(v, x + dx * step / 15, y + dy * step / 15, 1);
            Thread.sleep(16);
        }
        Thread.sleep(200);
        pointer(v, x + dx, y + dy, 0);
    }

    /** Host messages from start to stop, with their arrival times. */
    static final class Recorder {
        private final String name;
        private final TestViewer viewer;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final long start = System.nanoTime();

        private Recorder(String name, TestViewer viewer) {
            this.name = name;
            this.viewer = viewer;
        }

        /**
         * Starts with the picture the viewer shows (a pseudo-message of type 0x00: width u16,
         * height u16, RGB), so that a replay (FrameReplay) can start from the same canvas.
         */
        static Recorder start(TestViewer viewer, String name) {
            Recorder r = new Recorder(name, viewer);
            synchronized (viewer) {
                Framebuffer.Snapshot s = viewer.snapshot();
                ByteBuffer picture = ByteBuffer.allocate(5 + 3 * s.width() * s.height())
                        .put((byte) 0).putShort((short) s.width()).putShort((short) s.height());
                for (int p : s.argb()) {
                    picture.put((byte) (p >> 16)).put((byte) (p >> 8)).put((byte) p);
                }
                r.record(picture.array());
                viewer.tap = r::record;
            }
            return r;
        }

        private synchronized void record(byte[] message) {
            try {
                out.writeInt((int) ((System.nanoTime() - start) / 1_000_000));
                out.writeInt(message.length);
                out.write(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized void stop() throws IOException {
            viewer.tap = null;
            Path dir = Path.of(System.getProperty("ventana.recordings", "target/display-recordings"));
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".rec"), bytes.toByteArray());
            System.out.println("recording: " + name + " " + bytes.size() + " bytes");
        }
    }

    /** The xterm's white text area (as OfficeDesktopInputIT finds it). */
    record Xterm(int left, int top, int right, int bottom) {
        static Xterm find(Framebuffer.Snapshot s) {
            for (int y = s.height() - 1; y >= 0; y--) {
                int run = 0;
                for (int x = 0; x < s.width(); x++) {
                    run = white(s, x, y) ? run + 1 : 0;
                    if (run == 400) {
                        int left = x - run + 1;
                        int right = x;
                        while (right + 1 < s.width() && white(s, right + 1, y)) {
                            right++;
                        }
                        int top = y;
                        while (top > 0 && white(s, right - 2, top - 1)) {
                            top--;
                        }
                        if (y - top >= 200) {
                            return new Xterm(left, top, right, y);
                        }
                    }
                }
            }
            return null;
        }

        private static boolean white(Framebuffer.Snapshot s, int x, int y) {
            return (s.pixel(x, y) & 0xffffff) == 0xffffff;
        }
    }
}
