package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.testing.GuestHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts of a farm share the users' data directory (docs/architecture.md, "Data disks in a
 * farm"): a second guest of the same user on the other host cannot open the disk while the
 * first holds it, even when nobody told that host about the first (a lost host's guest still
 * running), and can once the first is fenced.
 */
class SharedDataDiskTest {
    @TempDir
    Path tmp;
    GuestHarness hostA;
    GuestHarness hostB;

    @AfterEach
    void cleanUp() {
        hostB.close();
        hostA.close();
    }

    @Test
    void aUsersDiskHasOneWriterAcrossHostsAndFencingFreesIt() {
        Path shared = tmp.resolve("shared-data");
        hostA = new GuestHarness(tmp.resolve("run-a"), shared);
        hostB = new GuestHarness(tmp.resolve("run-b"), shared);
        QemuEngine a = hostA.engine();
        QemuEngine b = hostB.engine();

        GuestInfo first = a.start(GuestHarness.tiny("erin"));
        GuestHarness.awaitState(a, first.id(), GuestState.RUNNING, GuestHarness.BOOT);
        GuestInfo second = b.start(GuestHarness.tiny("erin"));
        second = GuestHarness.awaitState(b, second.id(), GuestState.FAILED, Duration.ofSeconds(60));

        assertThat(second.paths().dataDisk()).isEqualTo(first.paths().dataDisk());
        assertThat(second.reason()).contains("data disk is in use by another desktop");

        GuestInfo fenced = a.kill(first.id(), "fenced: the test declared the session lost");
        assertThat(fenced.state()).isEqualTo(GuestState.FAILED);
        assertThat(fenced.reason()).startsWith("fenced");
        assertThat(ProcessHandle.of(first.pid()).filter(ProcessHandle::isAlive)).isEmpty();

        GuestInfo third = b.start(GuestHarness.tiny("erin"));
        GuestHarness.awaitState(b, third.id(), GuestState.RUNNING, GuestHarness.BOOT);
    }
}
