package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ventana.host.testing.VersionDirectories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Fetching versions from sources over real HTTP that serve good, damaged and truncated files. */
class VersionFetchTest {
    private static final String TOKEN = "test-farm-token-0123456789";
    @TempDir
    Path tmp;
    Path sourceImages;
    Path hostImages;
    FakeVersionSource good;
    FakeVersionSource bad;
    VersionFetch fetch;
    ImageCatalog catalog;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void setUp() throws Exception {
        sourceImages = Files.createDirectories(tmp.resolve("source"));
        hostImages = Files.createDirectories(tmp.resolve("host"));
        good = new FakeVersionSource(sourceImages);
        bad = new FakeVersionSource(sourceImages);
        fetch = new VersionFetch(hostImages, json, TOKEN, Duration.ofMillis(10));
        catalog = new ImageCatalog(hostImages, json);
    }

    @AfterEach
    void tearDown() {
        good.close();
        bad.close();
    }

    private String version(Map<String, Object> extra) throws Exception {
        byte[] base = new byte[300_000];
        new Random(extra.hashCode()).nextBytes(base);
        return VersionDirectories.write(sourceImages.resolve("tiny"), Map.of("base.qcow2", base,
                "vmlinuz", "kernel".getBytes(StandardCharsets.UTF_8), "initrd.gz", "initrd".getBytes(StandardCharsets.UTF_8)),
                extra);
    }

    @Test
    void fetchesEveryFileAndTheVersionVerifies() throws Exception {
        String id = version(Map.of("title", "v1"));
        fetch.fetch("tiny", id, List.of(good.base()));
        assertThat(catalog.resolve("tiny", id).id()).isEqualTo(id);
        assertThat(VersionDirectories.sha256(hostImages.resolve("tiny/" + id + "/base.qcow2")))
                .isEqualTo(VersionDirectories.sha256(sourceImages.resolve("tiny/" + id + "/base.qcow2")));
        assertNoLeftovers();
    }

    @Test
    void aDamagedOrTruncatedTransferGivesWayToTheNextSource() throws Exception {
        for (FakeVersionSource.Damage damage : FakeVersionSource.Damage.values()) {
            String id = version(Map.of("title", "damage " + damage));
            bad.damage("base.qcow2", damage);
            fetch.fetch("tiny", id, List.of(bad.base(), good.base()));
            assertThat(catalog.resolve("tiny", id).id()).as(damage.name()).isEqualTo(id);
            assertThat(bad.requests(id + "/files/base.qcow2")).as(damage.name()).isEqualTo(1);
            assertThat(good.requests(id + "/files/base.qcow2")).as(damage.name()).isEqualTo(1);
        }
        assertNoLeftovers();
    }

    @Test
    void onlyDamagedSourcesFailTheFetchAfterThreeRoundsAndLeaveNothing() throws Exception {
        String id = version(Map.of("title", "never"));
        bad.damage("base.qcow2", FakeVersionSource.Damage.FLIP);
        assertThatThrownBy(() -> fetch.fetch("tiny", id, List.of(bad.base())))
                .isInstanceOf(GuestException.class)
                .hasMessageContaining("cannot fetch image tiny version " + id)
                .hasMessageContaining("base.qcow2 has sha256");
        assertThat(bad.requests(id + "/files/base.qcow2")).isEqualTo(VersionFetch.ROUNDS);
        assertThat(fetch.isPresent("tiny", id)).isFalse();
        assertNoLeftovers();

        bad.damage("base.qcow2", FakeVersionSource.Damage.TRUNCATE);
        assertThatThrownBy(() -> fetch.fetch("tiny", id, List.of(bad.base())))
                .hasMessageContaining("base.qcow2 ended after 150000 of its 300000 bytes");
        assertNoLeftovers();
    }

    @Test
    void aManifestThatDoesNotHashToTheIdIsRefused() throws Exception {
        String id = version(Map.of("title", "real"));
        String other = "0123456789abcdef";
        Files.move(sourceImages.resolve("tiny/" + id), sourceImages.resolve("tiny/" + other));
        assertThatThrownBy(() -> fetch.fetch("tiny", other, List.of(good.base())))
                .hasMessageContaining("does not start with the version id");
        assertThat(good.requests("/files/base.qcow2")).isZero();
        assertNoLeftovers();
    }

    @Test
    void aHostWithTheParentCopiesOnlyTheNewLayer() throws Exception {
        String parent = version(Map.of("title", "parent"));
        String child = version(Map.of("title", "child", "parent", parent));
        VersionDirectories.copy(sourceImages.resolve("tiny/" + parent), hostImages, "tiny");

        VersionFetch.Transfer transfer = fetch.fetch("tiny", child, List.of(good.base()));

        assertThat(good.requests(parent + "/manifest.json")).isZero();
        assertThat(good.requests(parent + "/files/base.qcow2")).isZero();
        assertThat(good.requests(child + "/files/base.qcow2")).isEqualTo(1);
        // The kernel and initrd are the parent's: linked, not fetched.
        assertThat(good.requests(child + "/files/vmlinuz")).isZero();
        assertThat(Files.isSameFile(hostImages.resolve("tiny/" + child + "/vmlinuz"),
                hostImages.resolve("tiny/" + parent + "/vmlinuz"))).isTrue();
        assertThat(catalog.resolve("tiny", child).id()).isEqualTo(child);
        // Only the child's 300 kB base travelled; its "kernel" and "initrd" came by link.
        assertThat(transfer).isEqualTo(new VersionFetch.Transfer(300_000, 12));
        assertThat(fetch.fetch("tiny", child, List.of(good.base()))).isEqualTo(VersionFetch.Transfer.NONE);
    }

    @Test
    void aHostWithoutTheParentFetchesTheChain() throws Exception {
        String parent = version(Map.of("title", "parent"));
        String child = version(Map.of("title", "child", "parent", parent));

        VersionFetch.Transfer transfer = fetch.fetch("tiny", child, List.of(good.base()));

        assertThat(good.requests(parent + "/files/base.qcow2")).isEqualTo(1);
        assertThat(catalog.resolve("tiny", child).id()).isEqualTo(child);
        assertThat(catalog.resolve("tiny", parent).id()).isEqualTo(parent);
        assertThat(transfer).isEqualTo(new VersionFetch.Transfer(2 * 300_000 + 12, 12));
    }

    @Test
    void concurrentLaunchesOfOneMissingVersionFetchItOnce() throws Exception {
        String id = version(Map.of("title", "popular"));
        good.slow(100);
        List<Future<Object>> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                all.add(pool.submit((Callable<Object>) () -> {
                    fetch.fetch("tiny", id, List.of(good.base()));
                    return null;
                }));
            }
            for (Future<Object> f : all) {
                f.get();
            }
        }
        assertThat(good.requests(id + "/manifest.json")).isEqualTo(1);
        assertThat(good.requests(id + "/files/base.qcow2")).isEqualTo(1);
        assertThat(catalog.resolve("tiny", id).id()).isEqualTo(id);
    }

    @Test
    void aVersionThatIsPresentIsNotFetched() throws Exception {
        String id = version(Map.of("title", "here"));
        VersionDirectories.copy(sourceImages.resolve("tiny/" + id), hostImages, "tiny");
        fetch.fetch("tiny", id, List.of(good.base()));
        assertThat(good.requests("manifest.json")).isZero();
    }

    private void assertNoLeftovers() throws Exception {
        if (!Files.isDirectory(hostImages.resolve("tiny"))) {
            return;
        }
        try (Stream<Path> list = Files.list(hostImages.resolve("tiny"))) {
            assertThat(list.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }
}
