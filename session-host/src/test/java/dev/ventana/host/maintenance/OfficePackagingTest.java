package dev.ventana.host.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.guest.DataDiskAccess;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestNetwork;
import dev.ventana.host.guest.GuestPackage;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.PackageCatalog;
import dev.ventana.host.guest.PackagingChannel;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.RootTerminal;
import dev.ventana.host.testing.SerialConsole;
import dev.ventana.host.testing.TinyImages;
import dev.ventana.host.testing.UsKeyboard;
import dev.ventana.host.testing.VersionDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package made in a real office packaging guest, end to end on the host: the admin's root
 * terminal installs x11-apps and galculator from Debian's mirror inside the capture (the system
 * disk does not change), the scan offers galculator's menu entry, the seal makes a package version
 * of what the installation added, and a user's session of the same, unchanged image version gets
 * the package and starts its calculator as the user in the package's view. Needs the network to
 * deb.debian.org and minutes under TCG.
 */
class OfficePackagingTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void anApplicationInstalledInAPackagingGuestIsSealedAsAPackageThatAUsersSessionRuns() throws Exception {
        TinyImages.requireOffice();
        harness = new GuestHarness(tmp);
        Path images = tmp.resolve("images");
        Path packages = tmp.resolve("packages");
        String v0 = VersionDirectories.linkCurrent("office", images);
        QemuEngine engine = harness.engine(images, packages);
        Packaging packaging = new Packaging(packages, engine, new ImageCatalog(images, harness.json),
                new PackagingChannel(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5)), harness.json);

        GuestInfo guest = packaging.start("calc", "office", v0, "admin", 1024, 1);
        guest = GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog console = new ConsoleLog(guest.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).until(() -> console.contains("ventana: packaging desktop as root, in the capture"));
        // The desktop's root terminal, as the admin uses it in the viewer.
        RootTerminal terminal = new RootTerminal(new UsKeyboard(harness.screen(guest)), console);
        terminal.awaitReady();
        System.out.printf("office packaging: apt-get update + install took %d s%n",
                terminal.aptInstall("--no-install-recommends x11-apps galculator"));
        try (SerialConsole shell = new SerialConsole(guest)) {
            // The serial console's root shell is outside the capture: the system is the image's.
            assertThat(shell.run("ls /usr/bin/xcalc")).contains("No such file");
        }

        assertThat(packaging.scan(guest.id()).entries()).anySatisfy(e -> {
            assertThat(e.file()).isEqualTo("galculator.desktop");
            assertThat(e.command()).startsWith("galculator");
        });
        Packaging.Sealed sealed = packaging.seal(guest.id(), "Calculators", "x11-apps and galculator", "admin",
                List.of(new PackageApplication("calc", "Calculator", "application", "xcalc"),
                        new PackageApplication("galc", "Galculator", "application", "galculator")));
        System.out.printf("office packaging: sealed %s in %.1f s, %d bytes%n", sealed.version(), sealed.sealSeconds(),
                sealed.sizeBytes());
        assertThat(new PackageCatalog(packages, harness.json).resolve("calc", sealed.version()).madeFor().version())
                .isEqualTo(v0);
        assertThat(packaging.list()).isEmpty();

        GuestInfo session = engine.start(new GuestSpec("olga", "office", v0, 768, 1, null, GuestNetwork.NONE,
                DataDiskAccess.WRITABLE, List.of(), false, false, List.of(new GuestPackage("calc", sealed.version(), null))));
        session = GuestHarness.awaitState(engine, session.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog sessionConsole = new ConsoleLog(session.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).until(() -> sessionConsole.contains("ventana: package calc attached"));
        try (SerialConsole shell = new SerialConsole(session)) {
            assertThat(shell.run("ls /usr/bin/xcalc")).as("the golden image is unchanged").contains("No such file");
            shell.run("runuser -u user -- ventana-launch calc");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> shell.run("ps -C xcalc -o user=").contains("user"));
        }
    }
}
