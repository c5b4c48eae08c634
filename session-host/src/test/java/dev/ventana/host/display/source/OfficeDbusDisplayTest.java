package dev.ventana.host.display.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.dbus.CursorImage;
import dev.ventana.host.dbus.QemuDbusDisplay;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TinyImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The office image's virtio-gpu screen read through QEMU's D-Bus display: its frames reach the
 * viewer, its keys reach the guest and its pointer's shape (a hardware cursor) comes out; and when the D-Bus display cannot be opened, the same guest
 * is read over VNC instead. One guest (the terminal alone, so the keys land in xterm) for both.
 */
class OfficeDbusDisplayTest {
    private static final Map<Character, Integer> KEYS = Map.ofEntries(Map.entry('e', 0x12), Map.entry('x', 0x2d),
            Map.entry('i', 0x17), Map.entry('t', 0x14), Map.entry('c', 0x2e), Map.entry('h', 0x23),
            Map.entry('o', 0x18), Map.entry(' ', 0x39), Map.entry('\n', 0x1c));

    @TempDir
    Path tmp;
    GuestHarness harness;
    RfbScreenSources sources;

    @AfterEach
    void cleanUp() {
        if (sources != null) {
            sources.close();
        }
        harness.close();
    }

    @Test
    void framesAndKeysGoThroughTheDbusDisplayAndVncServesWhenItFails() throws Exception {
        TinyImages.requireOffice();
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine();
        GuestInfo started = engine.start(new GuestSpec("dora", "office", null, 768, 1, "terminal", null, null));
        GuestInfo guest = GuestHarness.awaitState(engine, started.id(), GuestState.RUNNING, GuestHarness.BOOT);
        assertThat(guest.paths().displayMonitor()).exists();

        // Fallback first: a D-Bus display that cannot be opened leaves the screen to VNC.
        sources = new RfbScreenSources(engine, RfbClient::connect, (monitor, id) -> {
            throw new IOException("no D-Bus in this part of the test");
        }, Duration.ofSeconds(5), InstantSource.system());
        RfbScreenSourcesTest.Viewer overVnc = new RfbScreenSourcesTest.Viewer();
        try (ScreenSources.Lease lease = sources.open(guest.id(), overVnc)) {
            assertThat(sources.linkKind(guest.id())).isEqualTo("rfb");
            awaitTheTerminal(lease.source());
        }
        sources.close();

        // The pointer, straight through the D-Bus display: QEMU takes each position and button.
        try (QemuDbusDisplay display = QemuDbusDisplay.connect(guest.paths().displayMonitor(), guest.id(),
                Duration.ofSeconds(10))) {
            assertThat(display.framebuffer().width()).isEqualTo(1024);
            // The guest's pointer is a virtio-gpu hardware cursor, not in the picture. QEMU 7.2 tells a
            // new listener of it only when it changes: xterm hides it on a key, shows it on a move.
            List<CursorImage> shapes = new CopyOnWriteArrayList<>();
            display.onCursor(shapes::add);
            display.pointer(500, 300, 0);
            display.pointer(510, 310, 1);
            display.pointer(510, 310, 0);
            display.key(0x12, true); // 'e', then Backspace: the command line stays empty
            display.key(0x12, false);
            display.key(0x0e, true);
            display.key(0x0e, false);
            await().atMost(Duration.ofSeconds(10)).alias("the pointer hidden while typing")
                    .until(() -> shapes.contains(CursorImage.HIDDEN));
            display.pointer(520, 320, 0);
            await().atMost(Duration.ofSeconds(10)).alias("the pointer's shape on a move")
                    .until(() -> !shapes.getLast().hidden());
            CursorImage shape = shapes.getLast();
            assertThat(shape.width()).isBetween(1, CursorImage.MAX_SIDE);
            assertThat(shape.height()).isBetween(1, CursorImage.MAX_SIDE);
            assertThat(shape.hotX()).isBetween(0, shape.width() - 1);
            assertThat(shape.hotY()).isBetween(0, shape.height() - 1);
            assertThat(IntStream.range(0, shape.width() * shape.height())
                    .filter(i -> (shape.rgba()[i * 4 + 3] & 0xff) > 0x80).count()).as("pixels one sees").isPositive();
            assertThat(display.inputFailures()).isZero();
        }

        sources = new RfbScreenSources(engine, InstantSource.system());
        RfbScreenSourcesTest.Viewer overDbus = new RfbScreenSourcesTest.Viewer();
        ScreenSources.Lease lease = sources.open(guest.id(), overDbus);
        assertThat(sources.linkKind(guest.id())).isEqualTo("dbus");
        awaitTheTerminal(lease.source());
        long inkBefore = ink(lease.source());
        overDbus.damage.clear();
        type(lease.source(), "echo hi");
        await().atMost(Duration.ofSeconds(20)).alias("the typed text is drawn and the viewer told")
                .until(() -> ink(lease.source()) > inkBefore && overDbus.damage.stream().anyMatch(r -> r.y() < 40));
        await().atMost(Duration.ofSeconds(10)).alias("the pointer hidden while typing, kept and told")
                .until(() -> lease.source().pointer().filter(c -> c.width() == 0).isPresent()
                        && overDbus.pointerChanges.get() > 0);
        type(lease.source(), "\nexit\n");
        GuestHarness.awaitState(engine, guest.id(), GuestState.STOPPED, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(10)).until(() -> overDbus.ended.contains(Ending.SESSION_ENDED));
        lease.close();
    }

    /** xterm maximized alone: white from corner to corner. */
    private static void awaitTheTerminal(ScreenSource source) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).alias("the terminal is drawn")
                .until(() -> source.width() == 1024 && source.withScreen(s -> {
                    for (int y : new int[] {20, 400, 745, 767}) {
                        for (int x : new int[] {0, 300, 1023}) {
                            if ((s.argb()[y * s.width() + x] & 0xffffff) != 0xffffff) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
    }

    /** Dark pixels in the terminal's first lines: its prompt, and what was typed. */
    private static long ink(ScreenSource source) {
        return source.withScreen(s -> {
            long n = 0;
            for (int i = 0; i < s.width() * 40; i++) {
                n += (s.argb()[i] & 0xff) < 0x80 ? 1 : 0;
            }
            return n;
        });
    }

    private static void type(ScreenSource source, String text) throws IOException {
        for (char c : text.toCharArray()) {
            int scancode = KEYS.get(c);
            source.send(new GuestInput.Key(scancode, true));
            source.send(new GuestInput.Key(scancode, false));
        }
    }
}
