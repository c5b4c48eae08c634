package dev.ventana.host.display.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.guest.DataDiskAccess;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestNetwork;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.guest.TemplateRequest;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TinyImages;
import dev.ventana.host.testing.VersionDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A desktop restored from a template (how sessions start) is read through QEMU's D-Bus display
 * too: the clone's virtio-gpu and display come back with its saved state.
 */
class OfficeDbusRestoredTest {
    @TempDir
    Path tmp;
    GuestHarness harness;
    RfbScreenSources sources;

    @AfterEach
    void cleanUp() {
        if (sources != null) {
            sources.close();
        }
        harness.close();
    }

    @Test
    void aRestoredDesktopIsDrawnThroughTheDbusDisplay() throws Exception {
        TinyImages.requireOffice();
        Path images = tmp.resolve("images");
        String v = VersionDirectories.linkCurrent("office", images);
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine(images);
        engine.prepareTemplates(List.of(new TemplateRequest("office", v, 768, 1, GuestNetwork.NONE, false)));
        Path templates = tmp.resolve("templates/office").resolve(v);
        await().atMost(GuestHarness.BOOT).pollInterval(Duration.ofMillis(500)).alias("the office template is made")
                .until(() -> Files.isDirectory(templates) && made(templates));

        GuestInfo guest = GuestHarness.awaitState(engine, engine.start(new GuestSpec("rita", "office", v, 768, 1, null,
                GuestNetwork.NONE, DataDiskAccess.WRITABLE, List.of(), true, false)).id(), GuestState.RUNNING,
                Duration.ofSeconds(90));
        assertThat(guest.restored()).isTrue();

        sources = new RfbScreenSources(engine, InstantSource.system());
        try (ScreenSources.Lease lease = sources.open(guest.id(), new RfbScreenSourcesTest.Viewer())) {
            assertThat(sources.linkKind(guest.id())).isEqualTo("dbus");
            // IceWM's taskbar at the bottom is not one flat colour.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).alias("the desktop is drawn")
                    .until(() -> lease.source().width() == 1024 && lease.source().withScreen(s -> IntStream
                            .range(0, 1024).map(x -> s.argb()[760 * s.width() + x] & 0xffffff).distinct().count() > 3));
        }
    }

    private static boolean made(Path versionDir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(versionDir)) {
            return s.anyMatch(p -> Files.isRegularFile(p.resolve("template.json")));
        }
    }
}
