package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** A guest's packages brought onto the host: present ones at once, missing ones fetched by hash and checked. */
class PackageStoreTest {
    private static final String TOKEN = "test-farm-token-0123456789";
    private final JsonMapper json = JsonMapper.builder().build();
    @TempDir
    Path tmp;

    @Test
    void aMissingPackageIsFetchedFromTheSourcesAndADamagedSourceGivesWayToTheNext() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("source"));
        Path host = Files.createDirectories(tmp.resolve("host"));
        byte[] sqfs = new byte[40_000];
        new java.util.Random(7).nextBytes(sqfs);
        String id = PackageFixture.make(source, json, "demo", sqfs, Map.of());
        PackageCatalog catalog = new PackageCatalog(host, json);
        PackageStore store = new PackageStore(catalog, new VersionFetch(host, json, TOKEN, Duration.ofMillis(10), "packages"));
        List<GuestPackage> wanted = List.of(new GuestPackage("demo", id, null));
        try (FakeVersionSource bad = new FakeVersionSource(source, "packages");
             FakeVersionSource good = new FakeVersionSource(source, "packages")) {
            bad.damage("package.sqfs", FakeVersionSource.Damage.FLIP);
            assertThat(store.allPresent(wanted)).isFalse();

            List<PackageVersion> here = store.bring(wanted, List.of(bad.base(), good.base()));

            assertThat(here).extracting(PackageVersion::id).containsExactly(id);
            assertThat(Files.readAllBytes(here.getFirst().file())).isEqualTo(sqfs);
            assertThat(store.allPresent(wanted)).isTrue();
            assertThat(good.requests("/packages/demo/" + id + "/files/package.sqfs")).isEqualTo(1);
        }
    }

    @Test
    void aPackageNeitherHereNorAtAnySourceFailsTheBoot() {
        PackageStore store = new PackageStore(new PackageCatalog(tmp, json), null);

        assertThatThrownBy(() -> store.bring(List.of(new GuestPackage("demo", "0123456789abcdef", null)), List.of()))
                .isInstanceOf(GuestException.class).hasMessageContaining("no package demo version 0123456789abcdef");
    }

    @Test
    void theApplicationOfAPackageIsFoundInIt() throws Exception {
        String calc = PackageFixture.make(tmp, json, "calc", new byte[4096], Map.of());
        String demo = PackageFixture.make(tmp, json, "demo", new byte[4096], Map.of());
        PackageStore store = new PackageStore(new PackageCatalog(tmp, json), null);
        List<PackageVersion> both = store.present(List.of(new GuestPackage("calc", calc, null),
                new GuestPackage("demo", demo, null)));

        assertThat(PackageStore.publishing(both, "demo")).map(PackageVersion::name).contains("demo");
        assertThat(PackageStore.publishing(both, "other")).isEmpty();
    }
}
