package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.testing.GuestHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In auto mode a guest boots whatever this machine's KVM does: where /dev/kvm works it runs under
 * KVM; where it hangs (as on the CI machines, which lack nested virtualisation) the host notices
 * no boot progress, falls back to TCG, and the same guest still reaches its prompt.
 */
class AccelFallbackTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void autoModeBootsUnderKvmOrFallsBackToTcg() throws Exception {
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine(Accelerator.Mode.AUTO, Duration.ofSeconds(8));
        boolean kvmDevice = Files.isWritable(Path.of("/dev/kvm"));
        GuestInfo g = engine.start(GuestHarness.tiny("kim"));
        assertThat(g.accel()).isEqualTo(kvmDevice ? "kvm" : "tcg");

        GuestInfo running = GuestHarness.awaitState(engine, g.id(), GuestState.RUNNING,
                GuestHarness.BOOT.plusSeconds(8));
        GuestHarness.awaitPrompt(harness.screen(running));
        // The verdict sticks: the next guest goes straight to whatever worked.
        assertThat(engine.nextAccel()).isEqualTo(running.accel());
        if (kvmDevice && running.accel().equals("tcg")) {
            assertThat(Files.readString(running.paths().runDir().resolve("guest.json"))).contains("\"tcg\"");
        }
    }
}
