package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The final-state path without QEMU: a guest held before its launch (no boot slot free) is
 * stopped or failed; real QEMU exits are covered by the guest tests that boot the tiny image.
 */
class QemuGuestTest {
    @TempDir
    Path tmp;
    final List<GuestInfo> published = new CopyOnWriteArrayList<>();
    final Semaphore bootSlots = new Semaphore(0);
    RunDirectory run;
    QemuEngineContext ctx;
    GuestRecord record;

    @BeforeEach
    void context() throws IOException {
        run = new RunDirectory(tmp.resolve("run"), JsonMapper.builder().findAndAddModules().build());
        QemuSettings settings = new QemuSettings(tmp.resolve("run"), tmp.resolve("data"), Accelerator.Mode.TCG,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 64, "false", "false");
        ctx = new QemuEngineContext(settings, null, run, null, new Accelerator(Accelerator.Mode.TCG, tmp),
                null, new BootWatch(Duration.ofMillis(10)), new OrderlyStop(Duration.ofSeconds(1)), bootSlots,
                published::add);
        record = new GuestRecord("g-1", "ann", "tiny", "v1", 256, 1, "tcg", Instant.now(),
                tmp.resolve("data/ann.qcow2").toString(), 720, 400, null, null, null);
        run.create(record);
    }

    private QemuGuest bootWithoutASlot() {
        return QemuGuest.boot(ctx, record, run.paths(record), null, ImageSupply.Packages.NONE, null);
    }

    @Test
    void aGuestStoppedBeforeItsLaunchIsStoppedOnceWithItsRunDirectoryGone() throws Exception {
        QemuGuest guest = bootWithoutASlot();
        assertThat(guest.stop().state()).isEqualTo(GuestState.STOPPING);

        GuestInfo end = guest.ended().get(5, TimeUnit.SECONDS);
        assertThat(end.state()).isEqualTo(GuestState.STOPPED);
        assertThat(end.reason()).isEqualTo("stopped before it was launched");
        assertThat(end.paths().runDir()).doesNotExist();

        bootSlots.release(); // the boot now finds the guest over and launches nothing
        await().atMost(Duration.ofSeconds(5)).until(() -> bootSlots.availablePermits() == 1);
        assertThat(published).extracting(GuestInfo::state).containsExactly(GuestState.STOPPING, GuestState.STOPPED);
        assertThat(guest.info().pid()).isZero();
    }

    @Test
    void theFirstEndingWinsAndIsPublishedOnce() throws Exception {
        QemuGuest guest = bootWithoutASlot();
        Path runDir = guest.info().paths().runDir();
        assertThat(Files.isDirectory(runDir)).isTrue();

        guest.kill("first");
        guest.kill("second");
        guest.finishStop();
        guest.processEnded(0, "QEMU exited with status 1");
        assertThat(guest.stop().state()).isEqualTo(GuestState.FAILED);

        assertThat(guest.ended().get(5, TimeUnit.SECONDS).reason()).isEqualTo("first");
        assertThat(published).singleElement().satisfies(info -> {
            assertThat(info.state()).isEqualTo(GuestState.FAILED);
            assertThat(info.reason()).isEqualTo("first");
        });
        assertThat(runDir).doesNotExist();
        bootSlots.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> bootSlots.availablePermits() == 1);
        assertThat(published).hasSize(1);
    }
}
