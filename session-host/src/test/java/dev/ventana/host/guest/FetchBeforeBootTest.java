package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.VersionDirectories;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest whose version cannot be fetched intact fails, naming the version, and never launches QEMU. */
class FetchBeforeBootTest {
    private static final String TOKEN = "test-farm-token-0123456789";
    @TempDir
    Path tmp;
    GuestHarness harness;
    FakeVersionSource source;

    @AfterEach
    void cleanUp() {
        harness.close();
        source.close();
    }

    @Test
    void aGuestStoppedWhileItsVersionIsFetchedEndsStoppedAndTheFetchCompletes() throws Exception {
        Path sourceImages = Files.createDirectories(tmp.resolve("source"));
        Path hostImages = Files.createDirectories(tmp.resolve("host"));
        String id = VersionDirectories.write(sourceImages.resolve("tiny"), Map.of(
                "base.qcow2", new byte[1000], "vmlinuz", "k".getBytes(StandardCharsets.UTF_8),
                "initrd.gz", "i".getBytes(StandardCharsets.UTF_8)), Map.of("title", "slow"));
        source = new FakeVersionSource(sourceImages);
        source.slow(500);
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine(hostImages, new VersionFetch(hostImages, harness.json, TOKEN,
                Duration.ofMillis(10)));

        GuestInfo started = engine.start(new GuestSpec("stan", "tiny", id, 256, 1, null, null, null,
                List.of(source.base())));
        engine.stop(started.id());

        GuestInfo stopped = GuestHarness.awaitState(engine, started.id(), GuestState.STOPPED, Duration.ofSeconds(10));
        assertThat(stopped.pid()).isZero();
        assertThat(started.paths().runDir()).doesNotExist();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.isRegularFile(hostImages.resolve("tiny").resolve(id).resolve("manifest.json")));
        Thread.sleep(200);
        assertThat(started.paths().runDir()).doesNotExist();
    }

    @Test
    void aDamagedVersionIsNeverBooted() throws Exception {
        Path sourceImages = Files.createDirectories(tmp.resolve("source"));
        Path hostImages = Files.createDirectories(tmp.resolve("host"));
        String id = VersionDirectories.write(sourceImages.resolve("tiny"), Map.of(
                "base.qcow2", new byte[70_000], "vmlinuz", "k".getBytes(StandardCharsets.UTF_8),
                "initrd.gz", "i".getBytes(StandardCharsets.UTF_8)), Map.of("screen", Map.of("width", 720, "height", 400)));
        source = new FakeVersionSource(sourceImages);
        source.damage("base.qcow2", FakeVersionSource.Damage.FLIP);
        harness = new GuestHarness(tmp);
        QemuEngine engine = harness.engine(hostImages, new VersionFetch(hostImages, harness.json, TOKEN,
                Duration.ofMillis(10)));

        GuestInfo started = engine.start(new GuestSpec("dora", "tiny", id, 256, 1, null, null, null,
                List.of(source.base(), URI.create("http://127.0.0.1:9/api/v1"))));
        assertThat(started.state()).isEqualTo(GuestState.STARTING);

        GuestInfo failed = GuestHarness.awaitState(engine, started.id(), GuestState.FAILED, Duration.ofSeconds(30));
        assertThat(failed.reason()).contains("cannot fetch image tiny version " + id).contains("base.qcow2 has sha256")
                .contains("127.0.0.1:9/api/v1: cannot connect");
        assertThat(failed.pid()).isZero();
        assertThat(source.requests(id + "/files/base.qcow2")).isEqualTo(VersionFetch.ROUNDS);
        assertThat(hostImages.resolve("tiny").resolve(id)).doesNotExist();
        assertThat(started.paths().runDir()).doesNotExist();
    }
}
