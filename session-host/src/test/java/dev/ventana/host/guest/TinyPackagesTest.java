package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.SerialConsole;
import dev.ventana.host.testing.TinyImages;
import dev.ventana.host.testing.TinyPackages;
import dev.ventana.host.testing.VersionDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application packages in real tiny guests (docs/session-host.md, "Application packages"): two
 * packages that bring different versions of the same files, each seeing its own, neither able to
 * change the base system or the other; a setting saved in one surviving logoff, a restored clone
 * (its packages hot-plugged) and a new version of the golden image. One engine for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TinyPackagesTest {
    @TempDir
    static Path tmp;
    static GuestHarness harness;
    static QemuEngine engine;
    static String v1;
    static Path images;
    static List<GuestPackage> both;

    @BeforeAll
    static void makePackages() throws Exception {
        images = tmp.resolve("images");
        v1 = VersionDirectories.linkCurrent("tiny", images);
        Path packages = Files.createDirectories(tmp.resolve("packages"));
        both = List.of(new GuestPackage("demo1", demo(packages, 1), null), new GuestPackage("demo2", demo(packages, 2), null));
        harness = new GuestHarness(tmp);
        engine = harness.engine(images, packages);
    }

    /** Version n of the demo application: the same three paths as the other, with other contents. */
    private static String demo(Path packages, int n) throws IOException, InterruptedException {
        return TinyPackages.make(packages, "demo" + n, Map.of(
                "/etc/demo.conf", "version=" + n + "\n",
                "/usr/lib/demo/lib.txt", "library " + n + "\n",
                "/usr/bin/demo", "#!/bin/sh\necho \"demo says $(cat /etc/demo.conf) $(cat /usr/lib/demo/lib.txt)\"\n"),
                "demo" + n + "|Demo " + n + "|terminal|demo");
    }

    @AfterAll
    static void cleanUp() {
        harness.close();
    }

    @Test
    @Order(1)
    void eachPackageSeesItsOwnFilesAndNeitherCanChangeTheBaseOrTheOther() throws Exception {
        GuestInfo g = start("pia", v1);
        assertThat(g.restored()).isFalse();
        ConsoleLog log = new ConsoleLog(g.paths().consoleLog());
        await().atMost(Duration.ofSeconds(30)).until(() -> log.contains("package demo1 attached")
                && log.contains("package demo2 attached"));
        try (SerialConsole serial = new SerialConsole(g)) {
            assertThat(serial.run("ventana-pkg-run demo1 user demo")).contains("demo says version=1 library 1");
            assertThat(serial.run("ventana-pkg-run demo2 user demo")).contains("demo says version=2 library 2");
            // Outside any view the system is the image's alone.
            assertThat(serial.run("cat /etc/demo.conf; ls /usr/bin/demo")).contains("No such file").doesNotContain("version=");

            // The user cannot write the package's files, the base's, nor reach the other package.
            assertThat(serial.run("ventana-pkg-run demo1 user sh -c 'echo x > /etc/demo.conf'"))
                    .containsIgnoringCase("denied");
            assertThat(serial.run("ventana-pkg-run demo1 user sh -c 'echo x > /usr/lib/demo/lib.txt'"))
                    .containsIgnoringCase("denied");
            assertThat(serial.run("ventana-pkg-run demo1 user sh -c 'echo x > /etc/profile'")).containsIgnoringCase("denied");
            assertThat(serial.run("ventana-pkg-run demo1 user sh -c 'ls -A /run/ventana/packages; echo [end]'"))
                    .contains("\n[end]").doesNotContain("demo2");
            assertThat(serial.run("ventana-pkg-run demo1 user sh -c 'echo x > /run/ventana/packages/demo2/etc/demo.conf'"))
                    .containsPattern("(?i)(read-only|no such file|nonexistent|denied)");
            assertThat(serial.run("ventana-pkg-run demo1 user sh -c 'ls -d /data/.packages/demo2/upper'"))
                    .containsIgnoringCase("denied");

            // Even root inside a view writes only its per-user layer: the base and the other keep theirs.
            serial.run("ventana-pkg-run demo1 root sh -c 'echo colour=blue > /etc/demo-setting; echo rooted > /usr/lib/demo/lib.txt'");
            assertThat(serial.run("ventana-pkg-run demo1 user demo")).contains("demo says version=1 rooted");
            assertThat(serial.run("ventana-pkg-run demo2 user sh -c 'demo; cat /etc/demo-setting'"))
                    .contains("demo says version=2 library 2").contains("No such file");
            assertThat(serial.run("cat /etc/demo-setting")).contains("No such file");
            assertThat(serial.run("cat /data/.packages/demo1/upper/etc/demo-setting")).contains("colour=blue");
            serial.run("sync");
        }
        stop(g);
    }

    @Test
    @Order(2)
    void aSavedSettingSurvivesLogoffARestoredCloneAndANewImageVersion() throws Exception {
        awaitTemplate(v1);
        GuestInfo clone = start("pia", v1);
        assertThat(clone.restored()).as("restored from the version's template, its packages hot-plugged").isTrue();
        try (SerialConsole serial = new SerialConsole(clone)) {
            assertThat(serial.run("ventana-pkg-run demo1 user cat /etc/demo-setting")).contains("colour=blue");
            assertThat(serial.run("ventana-pkg-run demo2 user demo")).contains("demo says version=2 library 2");
        }
        stop(clone);

        String v2 = VersionDirectories.link(TinyImages.imagesDir().resolve("tiny").resolve(TinyImages.buildRelease("2")),
                images, "tiny");
        GuestInfo updated = start("pia", v2);
        assertThat(updated.version()).isEqualTo(v2);
        try (SerialConsole serial = new SerialConsole(updated)) {
            assertThat(serial.run("cat /etc/ventana-release")).contains("release 2");
            assertThat(serial.run("ventana-pkg-run demo1 user sh -c 'demo; cat /etc/demo-setting'"))
                    .contains("demo says version=1 rooted").contains("colour=blue");
        }
        stop(updated);
    }

    @Test
    @Order(3)
    void aPackageWhoseDiskDoesNotMountIsMissingAndTheSessionStartsWithoutIt() throws Exception {
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        String id = PackageFixture.make(broken, harness.json, "junk", new byte[8192], Map.of());
        QemuEngine other = harness.engine(images, broken);
        GuestInfo g = other.start(new GuestSpec("quinn", "tiny", v1, 256, 1, null, GuestNetwork.NONE,
                DataDiskAccess.WRITABLE, List.of(), false, false, List.of(new GuestPackage("junk", id, null))));
        g = GuestHarness.awaitState(other, g.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog log = new ConsoleLog(g.paths().consoleLog());
        await().atMost(Duration.ofSeconds(60)).until(() -> log.contains("package junk missing"));
        String id2 = g.id();
        await().atMost(Duration.ofSeconds(60)).until(() -> other.find(id2).orElseThrow().readyAt() != null);
        other.stop(g.id());
        GuestHarness.awaitState(other, g.id(), GuestState.STOPPED, Duration.ofSeconds(30));
    }

    private static GuestInfo start(String user, String version) {
        GuestInfo g = engine.start(new GuestSpec(user, "tiny", version, 256, 1, null, GuestNetwork.NONE,
                DataDiskAccess.WRITABLE, List.of(), true, false, both));
        GuestInfo running = GuestHarness.awaitState(engine, g.id(), GuestState.RUNNING, GuestHarness.BOOT);
        // After a cold boot, RUNNING comes before SESSION: the packages are attached with the session.
        await().atMost(GuestHarness.BOOT).until(() -> engine.find(g.id()).orElseThrow().readyAt() != null);
        return running;
    }

    private static void stop(GuestInfo g) {
        engine.stop(g.id());
        GuestHarness.awaitState(engine, g.id(), GuestState.STOPPED, Duration.ofSeconds(30));
    }

    private static void awaitTemplate(String version) {
        await().atMost(GuestHarness.BOOT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Path dir = tmp.resolve("templates/tiny").resolve(version);
            if (!Files.isDirectory(dir)) {
                return false;
            }
            try (Stream<Path> s = Files.list(dir)) {
                return s.anyMatch(p -> Files.isRegularFile(p.resolve("template.json")));
            }
        });
    }
}
