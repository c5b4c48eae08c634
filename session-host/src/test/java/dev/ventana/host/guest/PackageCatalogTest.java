package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The packages on a host: named and checked by their manifests' hashes, as image versions are. */
class PackageCatalogTest {
    private final ObjectMapper json = JsonMapper.builder().build();
    @TempDir
    Path root;

    @Test
    void aPackageIsListedAndResolvedWithItsApplicationsAndWhatItWasMadeFor() throws Exception {
        String id = PackageFixture.make(root, json, "demo", new byte[8192], Map.of());
        PackageCatalog catalog = new PackageCatalog(root, json);

        PackageVersion v = catalog.resolve("demo", id);

        assertThat(catalog.list()).extracting(PackageVersion::id).containsExactly(id);
        assertThat(v.file()).isEqualTo(root.resolve("demo").resolve(id).resolve("package.sqfs"));
        assertThat(v.applications()).containsExactly(new Application("demo", "The demo", "terminal"));
        assertThat(v.madeFor()).isEqualTo(new PackageVersion.MadeFor("tiny", null, null));
        assertThat(v.sizeBytes()).isEqualTo(8192);
        assertThat(v.origin().source()).isEqualTo("script");
    }

    @Test
    void aDamagedPackageFileIsNeverAttached() throws Exception {
        String id = PackageFixture.make(root, json, "demo", new byte[4096], Map.of());
        Files.write(root.resolve("demo").resolve(id).resolve("package.sqfs"), new byte[]{1, 2, 3});

        assertThatThrownBy(() -> new PackageCatalog(root, json).resolve("demo", id))
                .isInstanceOf(GuestException.class).hasMessageContaining("package.sqfs does not match its sha256");
    }

    @Test
    void aManifestOfAnotherKindOrNameOrWithMoreFilesIsNoPackage() throws Exception {
        String image = PackageFixture.make(root, json, "demo", new byte[4096], Map.of("kind", "image"));
        String renamed = PackageFixture.make(root, json, "other", new byte[4096], Map.of("name", "demo"));
        PackageCatalog catalog = new PackageCatalog(root, json);

        assertThatThrownBy(() -> catalog.resolve("demo", image)).hasMessageContaining("not that of package 'demo'");
        assertThatThrownBy(() -> catalog.resolve("other", renamed)).hasMessageContaining("not that of package 'other'");
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void unknownOrMalformedNamesAreNotFoundAndNeverLeaveTheRoot() {
        PackageCatalog catalog = new PackageCatalog(root, json);
        for (List<String> nameAndId : List.of(List.of("demo", "0123456789abcdef"), List.of("..", "0123456789abcdef"),
                List.of("demo", "../../etc/passwd"), List.of("Demo", "0123456789abcdef"))) {
            assertThatThrownBy(() -> catalog.resolve(nameAndId.get(0), nameAndId.get(1)))
                    .isInstanceOf(GuestException.class)
                    .extracting(e -> ((GuestException) e).reason()).isEqualTo(GuestException.Reason.UNKNOWN_IMAGE);
        }
    }

    @Test
    void onlyTheManifestAndTheSquashfsAreServed() throws Exception {
        String id = PackageFixture.make(root, json, "demo", new byte[4096], Map.of());
        PackageCatalog catalog = new PackageCatalog(root, json);

        assertThat(catalog.file("demo", id, "package.sqfs")).isPresent();
        assertThat(catalog.file("demo", id, "manifest.json")).isPresent();
        assertThat(catalog.file("demo", id, "../manifest.json")).isEmpty();
    }

    @Test
    void aPackageAGuestHasIsKeptAndOneNobodyHasIsRemoved() throws Exception {
        String id = PackageFixture.make(root, json, "demo", new byte[4096], Map.of());
        PackageCatalog catalog = new PackageCatalog(root, json);

        assertThatThrownBy(() -> catalog.remove("demo", id, Set.of(id)))
                .extracting(e -> ((GuestException) e).reason()).isEqualTo(GuestException.Reason.CONFLICT);
        assertThat(catalog.isPresent("demo", id)).isTrue();

        catalog.remove("demo", id, Set.of());

        assertThat(catalog.isPresent("demo", id)).isFalse();
        assertThat(catalog.list()).isEmpty();
        try (var left = Files.list(root.resolve("demo"))) {
            assertThat(left).isEmpty();
        }
    }
}
