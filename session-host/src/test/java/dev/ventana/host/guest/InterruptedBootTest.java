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

/** An interrupted boot ends its guest FAILED and leaves no QEMU or files behind, never STARTING for good. */
class InterruptedBootTest {
    @TempDir
    Path tmp;
    FakeQemu qemu;

    @AfterEach
    void cleanUp() throws Exception {
        qemu.close();
    }

    @Test
    void aBootInterruptedWhileWaitingForASlotFails() throws Exception {
        BootSlots slots = new BootSlots(0);
        qemu = new FakeQemu(tmp, Accelerator.Mode.TCG, slots);
        QemuGuest guest = qemu.boot();

        slots.awaitTaker().interrupt();

        assertFailedByTheInterrupt(guest);
        assertThat(guest.info().pid()).isZero();
    }

    @Test
    void aBootInterruptedDuringItsLaunchKillsItsQemuAndFails() throws Exception {
        BootSlots slots = new BootSlots(1);
        qemu = new FakeQemu(tmp, Accelerator.Mode.TCG, slots);
        QemuGuest guest = qemu.boot();
        long pid = qemu.awaitQemu();

        slots.awaitTaker().interrupt();

        assertFailedByTheInterrupt(guest);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    private void assertFailedByTheInterrupt(QemuGuest guest) throws Exception {
        GuestInfo end = guest.ended().get(10, TimeUnit.SECONDS);
        assertThat(end.state()).isEqualTo(GuestState.FAILED);
        assertThat(end.reason()).isEqualTo("the boot was interrupted");
        assertThat(end.paths().runDir()).doesNotExist();
        assertThat(qemu.published).singleElement().extracting(GuestInfo::state).isEqualTo(GuestState.FAILED);
    }

    /** Boot slots that remember the thread that asked for one: the boot's, for the test to interrupt. */
    private static final class BootSlots extends Semaphore {
        private volatile Thread taker;

        BootSlots(int permits) {
            super(permits);
        }

        @Override
        public void acquire() throws InterruptedException {
            taker = Thread.currentThread();
            super.acquire();
        }

        Thread awaitTaker() {
            await().atMost(Duration.ofSeconds(10)).until(() -> taker != null);
            return taker;
        }
    }
}
