package dev.ventana.host.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.testing.VersionDirectories;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TinyImages;
import dev.ventana.host.testing.RootTerminal;
import dev.ventana.host.testing.UsKeyboard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The office image's package manager in a maintenance guest: the admin's root terminal installs a
 * Debian package from the mirror through NAT, the seal keeps it as a layer, and the sealed
 * version boots. Needs the network to deb.debian.org and minutes under TCG.
 */
class OfficeMaintenanceTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void aMaintenanceGuestInstallsADebianPackageThatTheSealedVersionKeeps() throws Exception {
        Path built = TinyImages.imagesDir().resolve("office");
        if (!Files.isRegularFile(built.resolve("current/manifest.json"))) {
            fail("no office image in " + TinyImages.imagesDir() + ": run deploy/images/office/build.sh first");
        }
        harness = new GuestHarness(tmp);
        Path images = tmp.resolve("images");
        String v0 = VersionDirectories.linkCurrent("office", images);
        Path dir0 = images.resolve("office").resolve(v0);
        QemuEngine engine = harness.engine(images);
        Maintenance maintenance = Maintenance.create(images, engine, new ImageCatalog(images, harness.json),
                harness.json, "qemu-img", Sealer.MAX_CHAIN, Duration.ofSeconds(120));

        GuestInfo guest = maintenance.start("office", v0, "admin", 1024, 1);
        guest = GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog console = new ConsoleLog(guest.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).until(() -> console.contains("ventana: maintenance desktop as root"));
        RootTerminal terminal = new RootTerminal(new UsKeyboard(harness.screen(guest)), console);
        terminal.awaitReady();
        System.out.printf("office maintenance: apt-get update + install hello took %d s%n",
                terminal.aptInstall("hello"));

        Maintenance.Sealed v1 = maintenance.seal(guest.id(), "With hello", "apt-get install hello", "admin");
        System.out.printf("office maintenance: sealed %s in %.1f s, %d bytes of its own%n", v1.version(),
                v1.sealSeconds(), v1.sizeBytes());
        Path dir1 = images.resolve("office").resolve(v1.version());
        assertThat(v1.parent()).isEqualTo(v0);
        assertThat(Files.size(dir1.resolve("base.qcow2"))).isLessThan(Files.size(dir0.resolve("base.qcow2")) / 2);
        assertThat(debugfs(dir1.resolve("base.qcow2"), "stat /usr/bin/hello")).contains("Type: regular");

        GuestInfo session = engine.start(new GuestSpec("olga", "office", v1.version(), 768, 1));
        session = GuestHarness.awaitState(engine, session.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog sessionConsole = new ConsoleLog(session.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).until(() -> sessionConsole.contains("ventana: office up after"));
        assertThat(sessionConsole.text()).doesNotContain("maintenance desktop");
    }

    /** debugfs on the qcow2 chain, through the same FUSE raw view sealing uses. */
    private static String debugfs(Path qcow2, String request) throws Exception {
        Path raw = Files.createFile(qcow2.getParent().getParent().getParent().resolve("check.raw"));
        Process daemon = new ProcessBuilder("qemu-storage-daemon", "--blockdev",
                "driver=qcow2,node-name=d,read-only=on,file.driver=file,file.filename=" + qcow2, "--export",
                "type=fuse,id=r,node-name=d,mountpoint=" + raw + ",writable=off").redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(raw) > 0);
            Process p = new ProcessBuilder(List.of("debugfs", "-R", request, raw.toString())).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } finally {
            daemon.destroy();
            daemon.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(raw);
        }
    }
}
