package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.testing.GuestHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A killed QEMU is FAILED within 2 s; a restarted host re-adopts live guests and cleans dead ones. */
class CrashAndReadoptTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void killedGuestsFailFastAndARestartedHostReadoptsTheLiveOnes() throws Exception {
        harness = new GuestHarness(tmp);
        QemuEngine first = harness.engine();
        GuestInfo kept = first.start(GuestHarness.tiny("xavier"));
        GuestInfo killed = first.start(GuestHarness.tiny("yara"));
        kept = GuestHarness.awaitState(first, kept.id(), GuestState.RUNNING, GuestHarness.BOOT);
        killed = GuestHarness.awaitState(first, killed.id(), GuestState.RUNNING, GuestHarness.BOOT);

        ProcessHandle.of(killed.pid()).orElseThrow().destroyForcibly(); // SIGKILL
        GuestInfo failed = GuestHarness.awaitState(first, killed.id(), GuestState.FAILED, Duration.ofSeconds(2));
        assertThat(failed.reason()).contains("signal 9");
        assertThat(killed.paths().overlay()).doesNotExist();
        assertThat(killed.paths().runDir()).doesNotExist();
        assertThat(killed.paths().dataDisk()).exists();

        GuestInfo orphan = first.start(GuestHarness.tiny("zoe"));
        orphan = GuestHarness.awaitState(first, orphan.id(), GuestState.RUNNING, GuestHarness.BOOT);

        // The host process goes away without stopping its guests; one of them dies meanwhile.
        first.close();
        ProcessHandle orphanQemu = ProcessHandle.of(orphan.pid()).orElseThrow();
        orphanQemu.destroyForcibly();
        orphanQemu.onExit().get();
        assertThat(orphan.paths().overlay()).exists();

        QemuEngine second = harness.engine();
        GuestInfo adopted = second.find(kept.id()).orElseThrow();
        assertThat(adopted.state()).isEqualTo(GuestState.RUNNING);
        assertThat(adopted.pid()).isEqualTo(kept.pid());
        assertThat(adopted.user()).isEqualTo("xavier");
        assertThat(second.find(orphan.id())).isEmpty();
        assertThat(orphan.paths().runDir()).doesNotExist();
        assertThat(orphan.paths().dataDisk()).exists();

        // The adopted guest is still fully ours: its screen answers, and a kill is noticed in time.
        GuestHarness.awaitPrompt(harness.screen(adopted));
        ProcessHandle.of(adopted.pid()).orElseThrow().destroyForcibly();
        GuestHarness.awaitState(second, adopted.id(), GuestState.FAILED, Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(1)).until(() -> !adopted.paths().overlay().toFile().exists());
    }
}
