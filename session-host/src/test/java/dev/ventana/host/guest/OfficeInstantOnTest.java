package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.SerialConsole;
import dev.ventana.host.testing.TinyImages;
import dev.ventana.host.testing.VersionDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The office desktop from a template the farm asked for (the heartbeat's templates, before any
 * launch): two clones are desktops of their own, each with its own X cookie, drawn after the restore.
 */
class OfficeInstantOnTest {
    @TempDir
    Path tmp;
    GuestHarness harness;

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void twoDesktopsFromOneTemplateHaveCookiesOfTheirOwn() throws Exception {
        TinyImages.requireOffice();
        Path images = tmp.resolve("images");
        String v = VersionDirectories.linkCurrent("office", images);
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine(images);
        engine.prepareTemplates(List.of(new TemplateRequest("office", v, 768, 1, GuestNetwork.NONE, false)));
        await().atMost(GuestHarness.BOOT).pollInterval(Duration.ofMillis(500)).alias("the office template is made")
                .until(() -> made(tmp.resolve("templates/office").resolve(v)));

        GuestSpec ann = new GuestSpec("ann", "office", v, 768, 1, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE,
                List.of(), true, false);
        GuestSpec bob = new GuestSpec("bob", "office", v, 768, 1, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE,
                List.of(), true, false);
        GuestInfo a = GuestHarness.awaitState(engine, engine.start(ann).id(), GuestState.RUNNING, Duration.ofSeconds(90));
        GuestInfo b = GuestHarness.awaitState(engine, engine.start(bob).id(), GuestState.RUNNING, Duration.ofSeconds(90));
        assertThat(a.restored()).isTrue();
        assertThat(b.restored()).isTrue();
        assertThat(engine.launches().restored()).isEqualTo(2);
        try (SerialConsole sa = new SerialConsole(a); SerialConsole sb = new SerialConsole(b)) {
            String cookie = "xauth -f /run/ventana/Xauthority list | awk '{print \"cookie=\" $3}'";
            String ca = cookieOf(sa.run(cookie));
            String cb = cookieOf(sb.run(cookie));
            assertThat(ca).matches("[0-9a-f]{32}").isNotEqualTo(cb);
            assertThat(sa.run("hostname; grep -c /home/user /proc/mounts")).contains(a.id());
            // The clipboard's port, which no template can have, was plugged in and its daemon runs.
            assertThat(sa.run("ls /dev/virtio-ports; pgrep -x spice-vdagentd >/dev/null && echo clipboard-daemon-up"))
                    .contains("com.redhat.spice.0").contains("clipboard-daemon-up");
        }
        // The desktop is drawn: IceWM's taskbar at the bottom is not one flat colour.
        var rfb = harness.screen(a);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var s = rfb.framebuffer().snapshot();
            return s.width() == 1024 && java.util.stream.IntStream.range(0, 1024)
                    .map(x -> s.pixel(x, 760) & 0xffffff).distinct().count() > 3;
        });
    }

    private static String cookieOf(String console) {
        return console.lines().filter(l -> l.startsWith("cookie=")).map(l -> l.substring(7).strip()).findFirst()
                .orElse(console);
    }

    private static boolean made(Path versionDir) throws java.io.IOException {
        if (!Files.isDirectory(versionDir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(versionDir)) {
            return s.anyMatch(p -> Files.isRegularFile(p.resolve("template.json")));
        }
    }
}
