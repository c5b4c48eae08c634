package dev.ventana.host.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.PackagingChannel;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.SerialConsole;
import dev.ventana.host.testing.TinyImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packaging guest on the tiny image, with real QEMU: what the guest sees (its command line, the
 * scratch and output disks by their serials, no data disk), a write to the output disk that lands
 * in output.raw, a scan its agent refuses (tiny has no packaging), a host restart that re-adopts
 * it, and the discard. The office guest's capture and seal are the guest side's; PackagingTest
 * plays its agent.
 */
class PackagingGuestTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void aPackagingGuestSeesItsDisksByTheirSerialsAndIsReadoptedAfterARestart() throws Exception {
        harness = new GuestHarness(tmp);
        Path images = TinyImages.imagesDir();
        QemuEngine engine = harness.engine(images);
        ImageCatalog catalog = new ImageCatalog(images, harness.json);
        PackagingChannel channel = new PackagingChannel(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10));
        Packaging packaging = new Packaging(tmp.resolve("packages"), engine, catalog, channel, harness.json);

        GuestInfo guest = packaging.start("hello", "tiny", null, "admin", 256, 1);
        assertThat(packaging.list()).hasSize(1);
        Path work = tmp.resolve("packages/hello").toAbsolutePath();
        guest = GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog console = new ConsoleLog(guest.paths().consoleLog());
        await().atMost(GuestHarness.BOOT).until(() -> console.contains("up after"));
        Path output;
        try (SerialConsole shell = new SerialConsole(guest)) {
            assertThat(shell.run("cat /proc/cmdline")).contains("ventana.packaging=1").doesNotContain("ventana.maintenance");
            String disks = shell.run("for d in /sys/block/vd*; do echo disk ${d##*/} $(cat $d/serial) $(cat $d/size); done");
            List<String> lines = Arrays.stream(disks.split("\r?\n")).filter(l -> l.startsWith("disk ")).toList();
            // The system disk and the two, no data disk: 8 GiB and 2 GiB in 512-byte sectors.
            assertThat(lines).hasSize(3).anyMatch(l -> l.endsWith(" ventana-scratch 16777216"))
                    .anyMatch(l -> l.endsWith(" ventana-output 4194304"));
            String dev = lines.stream().filter(l -> l.contains("ventana-output")).findFirst().orElseThrow().split(" ")[1];
            shell.run("echo written-by-the-guest > /dev/" + dev + " && sync");
            try (var dirs = Files.list(work)) {
                output = dirs.filter(p -> p.getFileName().toString().startsWith(".packaging-")).findFirst().orElseThrow()
                        .resolve("output.raw");
            }
            try (var in = Files.newInputStream(output)) {
                assertThat(new String(in.readNBytes(20), java.nio.charset.StandardCharsets.US_ASCII))
                        .isEqualTo("written-by-the-guest");
            }
        }
        // tiny has no packaging: its agent does not know the verb (UNKNOWN) or refuses it
        // (not-packaging); either is told at once, not after a timeout.
        String id = guest.id();
        assertThatThrownBy(() -> packaging.scan(id)).isInstanceOf(GuestException.class)
                .hasMessageMatching(".*(its image has no packaging|not-packaging).*")
                .extracting(e -> ((GuestException) e).reason()).isEqualTo(GuestException.Reason.FAILED);

        // A restart re-adopts it with its disks; the work is still listed, and a discard ends it.
        engine.close();
        QemuEngine restarted = harness.engine(images);
        assertThat(restarted.find(id).orElseThrow().state()).isEqualTo(GuestState.RUNNING);
        Packaging again = new Packaging(tmp.resolve("packages"), restarted, catalog, channel, harness.json);
        assertThat(again.list()).singleElement().satisfies(w -> assertThat(w.guestId()).isEqualTo(id));
        again.discard(id);
        assertThat(restarted.find(id).orElseThrow().state()).isEqualTo(GuestState.STOPPED);
        assertThat(output.getParent()).doesNotExist();
        assertThat(again.list()).isEmpty();
    }
}
