package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.SerialConsole;
import dev.ventana.host.testing.TinyImages;
import dev.ventana.host.testing.VersionDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instant-on on the tiny image with real QEMU (docs/session-host.md, "Instant-on"): the first
 * launch boots cold and makes the template; clones of it are sessions of their own (randomness,
 * clock, host name, data disk); a template belongs to one version; a broken one means a cold
 * boot. One engine and its templates for the class: making a template is a boot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstantOnTest {
    @TempDir
    static Path tmp;
    static GuestHarness harness;
    static QemuEngine engine;
    static String v1;
    static Path images;

    @BeforeAll
    static void firstLaunchBootsColdAndMakesTheTemplate() throws Exception {
        images = tmp.resolve("images");
        v1 = VersionDirectories.linkCurrent("tiny", images);
        harness = new GuestHarness(tmp);
        engine = harness.engine(images);
        GuestInfo first = engine.start(spec("ann", v1));
        GuestInfo running = GuestHarness.awaitState(engine, first.id(), GuestState.RUNNING, GuestHarness.BOOT);
        assertThat(running.restored()).isFalse();
        // A cold boot of an image that waits for SESSION gets it too: the data disk is mounted.
        await().atMost(GuestHarness.BOOT).until(() -> engine.find(first.id()).orElseThrow().readyAt() != null);
        try (SerialConsole serial = new SerialConsole(running)) {
            assertThat(serial.run("echo ann-secret > /data/ann.txt; sync; cat /data/ann.txt")).contains("ann-secret");
        }
        engine.stop(first.id());
        GuestHarness.awaitState(engine, first.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        awaitTemplates(v1, 1);
    }

    @AfterAll
    static void cleanUp() {
        harness.close();
    }

    @Test
    @Order(1)
    void clonesOfOneTemplateAreSessionsOfTheirOwn() throws Exception {
        GuestInfo ann = engine.start(spec("ann", v1));
        GuestInfo bob = engine.start(spec("bob", v1));
        ann = GuestHarness.awaitState(engine, ann.id(), GuestState.RUNNING, Duration.ofSeconds(60));
        bob = GuestHarness.awaitState(engine, bob.id(), GuestState.RUNNING, Duration.ofSeconds(60));
        assertThat(ann.restored()).as("ann's guest restored").isTrue();
        assertThat(bob.restored()).as("bob's guest restored").isTrue();
        // RUNNING only once the agent started the session.
        assertThat(ann.readyAt()).isNotNull();
        try (SerialConsole a = new SerialConsole(ann); SerialConsole b = new SerialConsole(bob)) {
            String randomA = a.run("head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n'; echo");
            String randomB = b.run("head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n'; echo");
            assertThat(hex(randomA)).hasSize(32).isNotEqualTo(hex(randomB));
            long host = Instant.now().getEpochSecond();
            assertThat(Long.parseLong(a.run("date +%s").replaceAll("(?s).*?(\\d{9,}).*", "$1"))).isBetween(host - 2, host + 3);
            assertThat(a.run("hostname")).contains(ann.id());
            assertThat(b.run("hostname")).contains(bob.id());
            assertThat(a.run("cat /data/ann.txt")).contains("ann-secret");
            assertThat(b.run("ls -a /data; cat /proc/mounts | grep -c /data")).doesNotContain("ann.txt").contains("\n1");
        }
        // The session's screen: the banner and a prompt.
        GuestHarness.awaitPrompt(harness.screen(ann));
        assertThat(engine.launches().restored()).isGreaterThanOrEqualTo(2);
        engine.stop(ann.id());
        engine.stop(bob.id());
        GuestHarness.awaitState(engine, ann.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        GuestHarness.awaitState(engine, bob.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        // Nothing of a clone outlives it; the template stays for the next.
        assertThat(ann.paths().runDir()).doesNotExist();
        assertThat(templates(v1)).hasSize(1);
    }

    @Test
    @Order(2)
    void aTemplateBelongsToItsVersion() throws Exception {
        String v2 = VersionDirectories.link(TinyImages.imagesDir().resolve("tiny").resolve(TinyImages.buildRelease("2")),
                images, "tiny");
        // Version 1's template is there, but a launch of version 2 boots cold and makes its own.
        GuestInfo cold = engine.start(spec("carol", v2));
        cold = GuestHarness.awaitState(engine, cold.id(), GuestState.RUNNING, GuestHarness.BOOT);
        assertThat(cold.restored()).isFalse();
        assertThat(cold.version()).isEqualTo(v2);
        engine.stop(cold.id());
        GuestHarness.awaitState(engine, cold.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        awaitTemplates(v2, 1);
        GuestInfo clone = GuestHarness.awaitState(engine, engine.start(spec("carol", v2)).id(), GuestState.RUNNING,
                Duration.ofSeconds(60));
        assertThat(clone.restored()).isTrue();
        assertThat(clone.version()).isEqualTo(v2);
        try (SerialConsole serial = new SerialConsole(clone)) {
            assertThat(serial.run("cat /etc/ventana-release")).contains("release 2");
        }
        engine.stop(clone.id());
        GuestHarness.awaitState(engine, clone.id(), GuestState.STOPPED, Duration.ofSeconds(30));
    }

    @Test
    @Order(3)
    void aBrokenTemplateFallsBackToAColdBootAndIsMadeAgain() throws Exception {
        Path template = templates(v1).getFirst();
        // A state file cut short: QEMU fails to load it.
        long cut;
        try (var f = java.nio.channels.FileChannel.open(template.resolve("state"), java.nio.file.StandardOpenOption.WRITE)) {
            cut = f.size() / 2;
            f.truncate(cut);
        }
        var before = engine.launches();
        GuestInfo g = engine.start(spec("dave", v1));
        g = GuestHarness.awaitState(engine, g.id(), GuestState.RUNNING, GuestHarness.BOOT);
        assertThat(g.restored()).isFalse();
        String id = g.id();
        g = await().atMost(GuestHarness.BOOT).until(() -> engine.find(id).orElseThrow(), i -> i.readyAt() != null);
        assertThat(engine.launches().fallbacks()).isEqualTo(before.fallbacks() + 1);
        try (SerialConsole serial = new SerialConsole(g)) {
            assertThat(serial.run("ls /data; hostname")).contains(g.id());
        }
        engine.stop(g.id());
        GuestHarness.awaitState(engine, g.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        // Discarded, and made again for the next launch.
        awaitTemplates(v1, 1);
        assertThat(Files.size(templates(v1).getFirst().resolve("state"))).isGreaterThan(cut);
        // And restores again.
        GuestInfo clone = GuestHarness.awaitState(engine, engine.start(spec("dave", v1)).id(), GuestState.RUNNING,
                Duration.ofSeconds(60));
        assertThat(clone.restored()).isTrue();
        engine.stop(clone.id());
        GuestHarness.awaitState(engine, clone.id(), GuestState.STOPPED, Duration.ofSeconds(30));
    }

    @Test
    @Order(4)
    void withPageSharingClonesMapTheTemplatesMemory() throws Exception {
        GuestSpec shared = new GuestSpec("erin", "tiny", v1, 256, 1, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE,
                List.of(), true, true);
        // Another template: sharing changes the machine (its memory is a file).
        GuestInfo cold = GuestHarness.awaitState(engine, engine.start(shared).id(), GuestState.RUNNING, GuestHarness.BOOT);
        assertThat(cold.restored()).isFalse();
        engine.stop(cold.id());
        GuestHarness.awaitState(engine, cold.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        awaitTemplates(v1, 2);
        Path template = templates(v1).stream().filter(p -> Files.exists(p.resolve("memory"))).findFirst().orElseThrow();
        GuestInfo a = GuestHarness.awaitState(engine, engine.start(shared).id(), GuestState.RUNNING, Duration.ofSeconds(60));
        GuestInfo b = GuestHarness.awaitState(engine, engine.start(new GuestSpec("frank", "tiny", v1, 256, 1, null,
                GuestNetwork.NONE, DataDiskAccess.WRITABLE, List.of(), true, true)).id(), GuestState.RUNNING,
                Duration.ofSeconds(60));
        assertThat(a.restored()).isTrue();
        assertThat(b.restored()).isTrue();
        for (GuestInfo g : List.of(a, b)) {
            assertThat(Files.readString(Path.of("/proc", Long.toString(g.pid()), "maps")))
                    .contains(template.resolve("memory").toString());
        }
        try (SerialConsole sa = new SerialConsole(a); SerialConsole sb = new SerialConsole(b)) {
            String random = "head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n'; echo";
            assertThat(hex(sa.run(random))).hasSize(32).isNotEqualTo(hex(sb.run(random)));
            // A clone's writes are its own: the template's memory file is never written.
            String before = Files.getLastModifiedTime(template.resolve("memory")).toString();
            sa.run("dd if=/dev/zero of=/tmp/fill bs=1M count=16 2>/dev/null; echo filled");
            assertThat(Files.getLastModifiedTime(template.resolve("memory")).toString()).isEqualTo(before);
        }
        engine.stop(a.id());
        engine.stop(b.id());
        GuestHarness.awaitState(engine, a.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        GuestHarness.awaitState(engine, b.id(), GuestState.STOPPED, Duration.ofSeconds(30));
    }

    private static GuestSpec spec(String user, String version) {
        return new GuestSpec(user, "tiny", version, 256, 1, null, GuestNetwork.NONE, DataDiskAccess.WRITABLE, List.of(),
                true, false);
    }

    private static String hex(String console) {
        return console.lines().map(String::strip).filter(l -> l.matches("[0-9a-f]{32}")).findFirst().orElse(console);
    }

    private static void awaitTemplates(String version, int n) {
        await().atMost(GuestHarness.BOOT).pollInterval(Duration.ofMillis(200)).until(() -> templates(version).size() == n);
    }

    /** The made templates of a version (not those being made or moved aside). */
    private static List<Path> templates(String version) throws IOException {
        Path dir = tmp.resolve("templates/tiny").resolve(version);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p.resolve("template.json")))
                    .toList();
        }
    }
}
