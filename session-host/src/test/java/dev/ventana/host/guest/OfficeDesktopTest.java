package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.SerialConsole;
import dev.ventana.host.testing.TinyImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The office desktop's clipboard and size, through the real parts below the display protocol:
 * the host's RFB client and QEMU's extended clipboard, QEMU's qemu-vdagent and the guest's
 * spice-vdagent, and the guest channel's DISPLAY-SIZE with xrandr. One guest for all of it (an
 * office boot is the expensive part); the guest's X clipboard is read and written by xclip on
 * its serial root shell.
 */
class OfficeDesktopTest {
    private static final String X = "DISPLAY=:0 XAUTHORITY=/run/ventana/Xauthority ";
    private static final String PASTED = "ventana paste ✓ naïve";
    private static final String PASTED_BASE64 = java.util.Base64.getEncoder()
            .encodeToString(PASTED.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void clipboardBothWaysAndTheDesktopTakesTheSizeAskedFor() throws Exception {
        TinyImages.requireOffice();
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine();
        GuestInfo started = engine.start(new GuestSpec("olga", "office", null, 768, 1, null, null, null));
        GuestInfo running = GuestHarness.awaitState(engine, started.id(), GuestState.RUNNING, GuestHarness.BOOT);
        RfbClient rfb = harness.screen(running);
        LinkedBlockingQueue<String> copied = new LinkedBlockingQueue<>();
        rfb.onClipboard(copied::add);
        ConsoleLog console = new ConsoleLog(running.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).pollInterval(Duration.ofMillis(200)).alias("the desktop is up")
                .until(() -> console.contains("ventana: office up"));
        try (SerialConsole shell = new SerialConsole(running)) {
            // The first line typed while the guest is still busy starting X may lose its first
            // characters: a harmless one goes first.
            shell.run("true");
            await().atMost(GuestHarness.BOOT).pollInterval(Duration.ofSeconds(1)).alias("the X session's clipboard agent runs")
                    .until(() -> shell.run("pgrep -x spice-vdagent >/dev/null && echo agent-up").contains("agent-up"));

            // The browser's text, UTF-8 and all, is the guest's clipboard.
            // Again until it is there: QEMU's agent peer passes on only what comes after the
            // guest's agent has announced itself, which may be a few seconds after it started.
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    rfb.paste(PASTED);
                    Thread.sleep(500);
                    // As base64: the console log is not read as UTF-8.
                    return shell.run(X + "xclip -o -selection clipboard | base64 -w0; echo").contains(PASTED_BASE64);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the guest's clipboard never held the pasted text; its clipboard agents:\n"
                        + shell.run("ps -eo user,args | grep -i [v]dagent; tail -n 30 /var/log/spice-vdagentd.log /tmp/spice-vdagent.log; "
                        + X + "xclip -o -selection clipboard | head -c 200; echo"), e);
            }

            // What the guest copies reaches the host, and not what it was given: QEMU does not echo.
            shell.run("printf 'copied in the guest 42' | " + X + "xclip -selection clipboard >/dev/null 2>&1");
            assertThat(copied.poll(30, TimeUnit.SECONDS)).isEqualTo("copied in the guest 42");

            // The desktop takes the size asked for; the screen follows.
            engine.resizeDesktop(running.id(), 1280, 720);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).alias("the screen is 1280x720")
                    .until(() -> rfb.framebuffer().width() == 1280 && rfb.framebuffer().height() == 720);
            assertThat(shell.run(X + "xrandr | head -1")).contains("current 1280 x 720");
            // Sizes asked for in a burst: the last one wins, and the desktop says so.
            engine.resizeDesktop(running.id(), 900, 600);
            engine.resizeDesktop(running.id(), 1100, 800);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).alias("the screen is 1100x800")
                    .until(() -> rfb.framebuffer().width() == 1100 && rfb.framebuffer().height() == 800);
        }
    }
}
