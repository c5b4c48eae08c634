package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TinyImages;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two guests on overlays of one base at once: each sees only its own writes; the base never changes. */
class OverlayIsolationTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void guestsOnOneBaseDoNotSeeEachOthersFiles() throws Exception {
        harness = new GuestHarness(tmp);
        Path base = TinyImages.imagesDir().resolve("tiny/current/base.qcow2").toRealPath();
        String baseBefore = ImageCatalog.sha256Hex(base);
        QemuEngine engine = harness.engine();

        GuestInfo a = engine.start(GuestHarness.tiny("ann"));
        GuestInfo b = engine.start(GuestHarness.tiny("bob"));
        a = GuestHarness.awaitState(engine, a.id(), GuestState.RUNNING, GuestHarness.BOOT);
        b = GuestHarness.awaitState(engine, b.id(), GuestState.RUNNING, GuestHarness.BOOT);
        assertThat(a.paths().overlay()).isNotEqualTo(b.paths().overlay());
        RfbClient screenA = harness.screen(a);
        RfbClient screenB = harness.screen(b);
        GuestHarness.awaitPrompt(screenA);
        GuestHarness.awaitPrompt(screenB);
        ConsoleLog consoleA = new ConsoleLog(a.paths().consoleLog());
        ConsoleLog consoleB = new ConsoleLog(b.paths().consoleLog());

        // Both guests are running while A writes and B looks: the overlays are live at once.
        GuestHarness.run(screenA, "echo only-in-a > /root/marker && sync && echo A-WROTE-$(cat /root/marker) > /dev/ttyS0");
        await().atMost(Duration.ofSeconds(30)).until(() -> consoleA.contains("A-WROTE-only-in-a"));
        GuestHarness.run(screenB, "test -e /root/marker && echo B-SEES-IT > /dev/ttyS0 || echo B-NOT-THERE > /dev/ttyS0");
        await().atMost(Duration.ofSeconds(30)).until(() -> consoleB.contains("B-NOT-THERE") || consoleB.contains("B-SEES-IT"));
        assertThat(consoleB.text()).contains("B-NOT-THERE").doesNotContain("B-SEES-IT");
        // And B's own write is visible to B, so the check above could have seen a file.
        GuestHarness.run(screenB, "echo in-b > /root/marker && echo B-READS-$(cat /root/marker) > /dev/ttyS0");
        await().atMost(Duration.ofSeconds(30)).until(() -> consoleB.contains("B-READS-in-b"));
        assertThat(engine.find(a.id()).orElseThrow().state()).isEqualTo(GuestState.RUNNING);

        engine.stop(a.id());
        engine.stop(b.id());
        GuestHarness.awaitState(engine, a.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        GuestHarness.awaitState(engine, b.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        assertThat(a.paths().overlay()).doesNotExist();
        assertThat(b.paths().overlay()).doesNotExist();
        assertThat(ImageCatalog.sha256Hex(base)).isEqualTo(baseBefore);
    }
}
