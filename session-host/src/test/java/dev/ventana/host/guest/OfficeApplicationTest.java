package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.rfb.Framebuffer;
import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TinyImages;
import dev.ventana.host.testing.UsKeyboard;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The office image's published terminal: xterm alone on the screen (no IceWM taskbar or frame),
 * with the keyboard's focus, and the guest ends STOPPED when the terminal's shell exits.
 */
class OfficeApplicationTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void theTerminalRunsAloneAndItsExitStopsTheGuest() throws Exception {
        TinyImages.requireOffice();
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine();
        GuestInfo started = engine.start(new GuestSpec("olga", "office", null, 768, 1, "terminal", null, null));
        GuestInfo running = GuestHarness.awaitState(engine, started.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog console = new ConsoleLog(running.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).pollInterval(Duration.ofMillis(200))
                .alias("the console reports the terminal started").until(() -> console.contains(
                        "ventana: application terminal started"));
        await().atMost(Duration.ofSeconds(30)).alias("the office agent says READY on the guest channel")
                .until(() -> engine.find(running.id()).orElseThrow().readyAt() != null);

        RfbClient rfb = harness.screen(running);
        // xterm maximized without a frame: its white background from the top left corner to the
        // bottom right one, where a desktop would have had IceWM's taskbar.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Framebuffer.Snapshot s = rfb.framebuffer().snapshot();
            assertThat(s.width()).isEqualTo(1024);
            for (int y : new int[] {20, 400, 745, 767}) {
                for (int x : new int[] {0, 300, 1023}) {
                    assertThat(s.pixel(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(0xffffff);
                }
            }
        });

        new UsKeyboard(rfb).type("exit\n");

        GuestInfo stopped = GuestHarness.awaitState(engine, running.id(), GuestState.STOPPED, Duration.ofSeconds(60));
        assertThat(stopped.reason()).isEqualTo("the guest shut down");
        assertThat(running.paths().runDir()).doesNotExist();
    }
}
