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

/** A user's files on the data disk survive the session and an update of the golden image. */
class DataDiskPersistenceTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void dataDiskOutlivesSessionAndImageVersion() throws Exception {
        harness = new GuestHarness(tmp);
        String v1 = TinyImages.currentVersion();
        String v2 = TinyImages.buildRelease("2");
        assertThat(v2).isNotEqualTo(v1);
        QemuEngine engine = harness.engine();

        GuestInfo first = engine.start(new GuestSpec("dora", "tiny", v1, 256, 1));
        first = GuestHarness.awaitState(engine, first.id(), GuestState.RUNNING, GuestHarness.BOOT);
        RfbClient screen1 = harness.screen(first);
        GuestHarness.awaitPrompt(screen1);
        ConsoleLog console1 = new ConsoleLog(first.paths().consoleLog());
        GuestHarness.run(screen1, "echo kept-$((6*7)) > /data/note && sync && echo WROTE-$(cat /data/note) > /dev/ttyS0");
        await().atMost(Duration.ofSeconds(30)).until(() -> console1.contains("WROTE-kept-42"));
        engine.stop(first.id());
        GuestHarness.awaitState(engine, first.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        assertThat(first.paths().overlay()).doesNotExist();
        assertThat(first.paths().dataDisk()).exists();

        GuestInfo second = engine.start(new GuestSpec("dora", "tiny", v2, 256, 1));
        assertThat(second.version()).isEqualTo(v2);
        assertThat(second.paths().dataDisk()).isEqualTo(first.paths().dataDisk());
        second = GuestHarness.awaitState(engine, second.id(), GuestState.RUNNING, GuestHarness.BOOT);
        RfbClient screen2 = harness.screen(second);
        GuestHarness.awaitPrompt(screen2);
        ConsoleLog console2 = new ConsoleLog(second.paths().consoleLog());
        GuestHarness.run(screen2, "echo FOUND-$(cat /data/note) > /dev/ttyS0; cat /etc/ventana-release > /dev/ttyS0");
        await().atMost(Duration.ofSeconds(30)).until(() -> console2.contains("FOUND-kept-42"));
        await().atMost(Duration.ofSeconds(10)).until(() -> console2.contains("ventana-tiny release 2"));
        engine.stop(second.id());
        GuestHarness.awaitState(engine, second.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        assertThat(second.paths().dataDisk()).exists();
    }
}
