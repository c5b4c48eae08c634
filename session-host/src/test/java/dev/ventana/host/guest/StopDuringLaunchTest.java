package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest stopped while its QEMU is being launched ends STOPPED, once, with its run directory
 * gone and no QEMU left, whichever of the boot, the exit watcher and the stop ends it.
 */
class StopDuringLaunchTest {
    @TempDir
    Path tmp;
    final Semaphore bootSlots = new Semaphore(1);
    FakeQemu qemu;

    @AfterEach
    void cleanUp() throws Exception {
        qemu.close();
    }

    @Test
    void aGuestStoppedWhileItsQemuWaitsForQmpIsStopped() throws Exception {
        qemu = new FakeQemu(tmp, Accelerator.Mode.TCG, bootSlots);
        QemuGuest guest = qemu.boot();
        long pid = qemu.awaitQemu();

        assertThat(guest.stop().state()).isEqualTo(GuestState.STOPPING);

        assertStoppedWhileStarting(guest);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    @Test
    void aGuestStoppedWhileItsTcgRelaunchIsPreparedIsStopped() throws Exception {
        qemu = new FakeQemu(tmp, Accelerator.Mode.AUTO, bootSlots);
        qemu.closeGate("tcg");
        QemuGuest guest = qemu.boot();
        // KVM aborted at once: the boot falls back and prepares the same guest under TCG.
        qemu.awaitAtGate("tcg");

        assertThat(guest.stop().state()).isEqualTo(GuestState.STOPPING);
        qemu.openGate("tcg"); // the launch now finds its guest stopping: it must not end it FAILED

        assertStoppedWhileStarting(guest);
    }

    private void assertStoppedWhileStarting(QemuGuest guest) throws Exception {
        GuestInfo end = guest.ended().get(10, TimeUnit.SECONDS);
        assertThat(end.state()).isEqualTo(GuestState.STOPPED);
        assertThat(end.reason()).isEqualTo("stopped while it was starting");
        assertThat(end.paths().runDir()).doesNotExist();
        // The boot is over too, and nothing published another ending meanwhile.
        await().atMost(Duration.ofSeconds(10)).until(() -> bootSlots.availablePermits() == 1);
        assertThat(qemu.published).extracting(GuestInfo::state)
                .containsExactly(GuestState.STOPPING, GuestState.STOPPED);
        assertThat(guest.info().state()).isEqualTo(GuestState.STOPPED);
    }
}
