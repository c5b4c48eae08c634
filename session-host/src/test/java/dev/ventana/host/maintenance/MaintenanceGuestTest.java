package dev.ventana.host.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.testing.VersionDirectories;
import dev.ventana.host.guest.DataDiskAccess;
import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestNetwork;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.rfb.RfbClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole life of maintenance guests on the tiny image, with real QEMU, in one sequence that
 * shares its boots: start, change the system disk, a refused seal, a host restart, the seal into a
 * layer, a session of the new version, a flattening seal with a kernel from /boot, a discard.
 */
class MaintenanceGuestTest {
    private static final Duration UP = Duration.ofSeconds(60);
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void maintenanceGuestsSealIntoLayersFlattenPastTheChainAndDiscard() throws Exception {
        harness = new GuestHarness(tmp);
        Path images = copyOfTheTinyImage();
        String v0 = Files.readSymbolicLink(images.resolve("tiny/current")).getFileName().toString();
        QemuEngine engine = harness.engine(images);
        ImageCatalog catalog = new ImageCatalog(images, harness.json);
        Maintenance first = Maintenance.create(images, engine, catalog, harness.json, "qemu-img", 2,
                Duration.ofSeconds(60));

        // Boots with a kept, writable system disk, no data disk and outbound NAT.
        GuestInfo guest = first.start("tiny", null, "admin", 256, 1);
        assertThat(guest.version()).isEqualTo(v0);
        assertThat(guest.network()).isEqualTo(GuestNetwork.NAT);
        assertThat(guest.dataDisk()).isEqualTo(DataDiskAccess.NONE);
        assertThat(guest.paths().overlay().getParent().getFileName().toString()).startsWith(".maintenance-");
        assertThatThrownBy(() -> first.start("tiny", null, "other", 256, 1))
                .isInstanceOf(GuestException.class).hasMessageContaining(guest.id())
                .extracting(e -> ((GuestException) e).reason()).isEqualTo(GuestException.Reason.CONFLICT);
        guest = GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog console = new ConsoleLog(guest.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).until(() -> console.contains("up after"));
        assertThat(console.text()).doesNotContain("data disk").doesNotContain("motd:");
        RfbClient screen = harness.screen(guest);
        GuestHarness.awaitPrompt(screen);
        {
            type(screen, console, "ls /dev/vdb 2>/dev/null || echo no-vdb > /dev/ttyS0");
            assertThat(console.text()).contains("no-vdb");
            type(screen, console, "echo hello-maint > /etc/ventana-motd && sync");
            // A guest that ignores the power button: the seal is refused and the guest kept.
            type(screen, console, "cp /etc/acpi/PWRF/00000080 /tmp/pwrf && echo '#!/bin/sh' > /etc/acpi/PWRF/00000080");
            Maintenance impatient = Maintenance.create(images, engine, catalog, harness.json, "qemu-img", 2,
                    Duration.ofSeconds(3));
            String id = guest.id();
            assertThatThrownBy(() -> impatient.seal(id, "Hello", "", "admin")).isInstanceOf(GuestException.class)
                    .hasMessageContaining("did not shut down");
            assertThat(engine.find(id).orElseThrow().state()).isEqualTo(GuestState.RUNNING);
            assertThat(guest.paths().overlay()).exists();
            type(screen, console, "cp /tmp/pwrf /etc/acpi/PWRF/00000080");
        }

        // A host restart re-adopts the maintenance guest, with its kept system disk.
        engine.close();
        QemuEngine restarted = harness.engine(images);
        assertThat(restarted.find(guest.id()).orElseThrow().paths().overlay()).isEqualTo(guest.paths().overlay());
        Maintenance maintenance = Maintenance.create(images, restarted, catalog, harness.json, "qemu-img", 2, Duration.ofSeconds(60));
        assertThat(maintenance.list()).extracting(MaintenanceWork::guestId).containsExactly(guest.id());

        Maintenance.Sealed v1 = maintenance.seal(guest.id(), "Hello motd", "a greeting at start", "admin");
        assertThat(restarted.find(guest.id()).orElseThrow().state()).isEqualTo(GuestState.STOPPED);
        assertThat(v1.parent()).isEqualTo(v0);
        assertThat(guest.paths().overlay().getParent()).doesNotExist();
        Path dir1 = images.resolve("tiny").resolve(v1.version());
        JsonNode m1 = harness.json.readTree(dir1.resolve("manifest.json").toFile());
        assertThat(m1.path("parent").asString()).isEqualTo(v0);
        assertThat(m1.path("title").asString()).isEqualTo("Hello motd");
        assertThat(m1.path("source").asString()).isEqualTo("maintenance");
        assertThat(m1.path("createdBy").asString()).isEqualTo("admin");
        assertThat(backingOf(dir1.resolve("base.qcow2"))).isEqualTo("../" + v0 + "/base.qcow2");
        long parentBase = Files.size(images.resolve("tiny").resolve(v0).resolve("base.qcow2"));
        assertThat(Files.size(dir1.resolve("base.qcow2"))).isLessThan(parentBase / 4);
        assertThat(Files.isSameFile(dir1.resolve("vmlinuz"), images.resolve("tiny").resolve(v0).resolve("vmlinuz")))
                .as("the unchanged kernel is the parent's, not a copy").isTrue();
        assertThat(catalog.resolve("tiny", v1.version()).id()).isEqualTo(v1.version()); // every hash checks out
        assertThat(catalog.list()).extracting(v -> v.id()).contains(v0, v1.version());
        assertThat(leftovers(images)).isEmpty();

        // A user's session of the new version shows the change at start.
        GuestInfo session = restarted.start(new GuestSpec("bob", "tiny", v1.version(), 256, 1));
        session = GuestHarness.awaitState(restarted, session.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog sessionConsole = new ConsoleLog(session.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).until(() -> sessionConsole.contains("up after"));
        await().atMost(UP).until(() -> sessionConsole.contains("ventana: motd: hello-maint"));
        restarted.kill(session.id(), "test done");

        // Past the chain's length (2 here) sealing flattens; a kernel put in /boot becomes the version's.
        GuestInfo second = maintenance.start("tiny", v1.version(), "admin", 256, 1);
        second = GuestHarness.awaitState(restarted, second.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog secondConsole = new ConsoleLog(second.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).until(() -> secondConsole.contains("up after"));
        await().atMost(UP).until(() -> secondConsole.contains("motd: hello-maint"));
        RfbClient screen2 = harness.screen(second);
        GuestHarness.awaitPrompt(screen2);
        type(screen2, secondConsole, "mkdir -p /boot && echo new-kernel > /boot/vmlinuz-9.9.9"
                + " && echo new-initrd > /boot/initrd.img-9.9.9 && echo second > /etc/ventana-motd && sync");
        Maintenance.Sealed v2 = maintenance.seal(second.id(), "Flat", "", "admin");
        assertThat(v2.parent()).isNull();
        Path dir2 = images.resolve("tiny").resolve(v2.version());
        assertThat(harness.json.readTree(dir2.resolve("manifest.json").toFile()).has("parent")).isFalse();
        assertThat(backingOf(dir2.resolve("base.qcow2"))).isNull();
        assertThat(Files.readString(dir2.resolve("vmlinuz"))).isEqualTo("new-kernel\n");
        assertThat(Files.readString(dir2.resolve("initrd.gz"))).isEqualTo("new-initrd\n");
        assertThat(Files.readString(dir2.resolve("cmdline"))).endsWith(" root=/dev/vda rw\n");
        assertThat(Files.readString(dir1.resolve("cmdline"))).doesNotContain("root=");
        assertThat(catalog.resolve("tiny", v2.version()).id()).isEqualTo(v2.version());

        // Discard: the guest ends, its disk goes, no version is made.
        GuestInfo third = maintenance.start("tiny", v1.version(), "admin", 256, 1);
        List<String> before = versions(images);
        maintenance.discard(third.id());
        assertThat(restarted.find(third.id()).orElseThrow().state().isFinal()).isTrue();
        assertThat(third.paths().overlay().getParent()).doesNotExist();
        assertThat(versions(images)).isEqualTo(before);
        assertThat(maintenance.list()).isEmpty();
        assertThat(leftovers(images)).isEmpty();
        assertThatThrownBy(() -> maintenance.discard(third.id())).isInstanceOf(GuestException.class)
                .extracting(e -> ((GuestException) e).reason()).isEqualTo(GuestException.Reason.UNKNOWN_GUEST);
    }

    private static int typed;

    /** Types a command at the guest's screen shell, as an admin in the viewer would, and waits for it to succeed. */
    private static void type(RfbClient screen, ConsoleLog console, String command) throws Exception {
        String done = "typed-" + (++typed) + "-ok";
        GuestHarness.run(screen, command + " && echo " + done + " > /dev/ttyS0");
        await().atMost(UP).until(() -> console.contains(done));
    }

    /** The tiny image's current version, linked into a directory of this test's own. */
    private Path copyOfTheTinyImage() throws Exception {
        Path images = tmp.resolve("images");
        String v = VersionDirectories.linkCurrent("tiny", images);
        Files.createSymbolicLink(images.resolve("tiny/current"), Path.of(v));
        return images;
    }

    private String backingOf(Path qcow2) throws Exception {
        Process p = new ProcessBuilder("qemu-img", "info", "--output=json", "-U", qcow2.toString()).start();
        JsonNode info = harness.json.readTree(p.getInputStream().readAllBytes());
        p.waitFor();
        JsonNode b = info.path("backing-filename");
        return b.isMissingNode() ? null : b.asString();
    }

    private static List<String> versions(Path images) throws Exception {
        try (Stream<Path> s = Files.list(images.resolve("tiny"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{16}")).sorted().toList();
        }
    }

    /** Staging and maintenance directories left behind. */
    private static List<Path> leftovers(Path images) throws Exception {
        try (Stream<Path> s = Files.list(images.resolve("tiny"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
