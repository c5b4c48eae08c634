package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ventana.host.testing.VersionDirectories;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Prefetching image and package versions from sources over real HTTP, in the background, one after another. */
class PrefetchTest {
    private static final String TOKEN = "test-farm-token-0123456789";
    @TempDir
    Path tmp;
    Path sourceImages;
    Path sourcePackages;
    Path hostImages;
    Path hostPackages;
    FakeVersionSource images;
    FakeVersionSource packages;
    Prefetch prefetch;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void setUp() throws Exception {
        sourceImages = Files.createDirectories(tmp.resolve("source-images"));
        sourcePackages = Files.createDirectories(tmp.resolve("source-packages"));
        hostImages = Files.createDirectories(tmp.resolve("host-images"));
        hostPackages = Files.createDirectories(tmp.resolve("host-packages"));
        images = new FakeVersionSource(sourceImages);
        packages = new FakeVersionSource(sourcePackages, "packages");
        prefetch = new Prefetch(new VersionFetch(hostImages, json, TOKEN, Duration.ofMillis(10)),
                new VersionFetch(hostPackages, json, TOKEN, Duration.ofMillis(10), "packages"));
    }

    @AfterEach
    void tearDown() {
        prefetch.close();
        images.close();
        packages.close();
    }

    private String imageVersion(String title) throws Exception {
        byte[] base = new byte[300_000];
        new Random(title.hashCode()).nextBytes(base);
        return VersionDirectories.write(sourceImages.resolve("tiny"), Map.of("base.qcow2", base,
                "vmlinuz", "kernel".getBytes(StandardCharsets.UTF_8), "initrd.gz", "initrd".getBytes(StandardCharsets.UTF_8)),
                Map.of("title", title));
    }

    @Test
    void anImageAndAPackageArriveInTheBackgroundAndAreThenPresent() throws Exception {
        String image = imageVersion("v1");
        String pack = PackageFixture.make(sourcePackages, json, "calc", "squashfs bytes".getBytes(StandardCharsets.UTF_8),
                Map.of());
        images.slow(300);

        assertThat(prefetch.request(Prefetch.Kind.IMAGE, "tiny", image, List.of(images.base())))
                .isEqualTo(Prefetch.Outcome.QUEUED);
        assertThat(prefetch.request(Prefetch.Kind.IMAGE, "tiny", image, List.of(images.base())))
                .as("asked again while it runs").isEqualTo(Prefetch.Outcome.UNDER_WAY);
        assertThat(prefetch.request(Prefetch.Kind.PACKAGE, "calc", pack, List.of(packages.base())))
                .isEqualTo(Prefetch.Outcome.QUEUED);
        await(() -> new PackageCatalog(hostPackages, json).isPresent("calc", pack));
        assertThat(new ImageCatalog(hostImages, json).resolve("tiny", image).id())
                .as("the image, asked for first, came first: one transfer at a time").isEqualTo(image);
        assertThat(images.requests(image + "/files/base.qcow2")).as("one transfer for the two requests").isEqualTo(1);

        assertThat(prefetch.request(Prefetch.Kind.IMAGE, "tiny", image, List.of(images.base())))
                .isEqualTo(Prefetch.Outcome.PRESENT);
        assertThat(prefetch.request(Prefetch.Kind.PACKAGE, "calc", pack, List.of(packages.base())))
                .isEqualTo(Prefetch.Outcome.PRESENT);
    }

    @Test
    void aFailedPrefetchLeavesNothingAndMayBeAskedForAgain() throws Exception {
        String image = imageVersion("damaged");
        images.damage("base.qcow2", FakeVersionSource.Damage.FLIP);
        assertThat(prefetch.request(Prefetch.Kind.IMAGE, "tiny", image, List.of(images.base())))
                .isEqualTo(Prefetch.Outcome.QUEUED);
        // Three rounds over the one source, each a request for the file: then it gives up, leaving nothing.
        await(() -> images.requests(image + "/files/base.qcow2") == 3 && leftovers() == 0);
        assertThat(hostImages.resolve("tiny/" + image)).doesNotExist();
        await(() -> {
            try {
                return prefetch.request(Prefetch.Kind.IMAGE, "tiny", image, List.of(images.base()))
                        == Prefetch.Outcome.QUEUED;
            } catch (GuestException e) {
                return false;
            }
        });
        await(() -> images.requests(image + "/files/base.qcow2") > 3);
    }

    private long leftovers() {
        try (var files = Files.list(hostImages.resolve("tiny"))) {
            return files.count();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badRequestsAreRefusedWithWhatIsWrong() {
        List<URI> source = List.of(images.base());
        String id = "0123456789abcdef";
        assertThatThrownBy(() -> prefetch.request(Prefetch.Kind.IMAGE, "tiny", "current", source))
                .isInstanceOf(GuestException.class).hasMessageContaining("16-hex-digit");
        assertThatThrownBy(() -> prefetch.request(Prefetch.Kind.IMAGE, "../etc", id, source))
                .isInstanceOf(GuestException.class).hasMessageContaining("16-hex-digit");
        assertThatThrownBy(() -> prefetch.request(Prefetch.Kind.PACKAGE, "Calc", id, source))
                .isInstanceOf(GuestException.class).hasMessageContaining("16-hex-digit");
        assertThatThrownBy(() -> prefetch.request(Prefetch.Kind.IMAGE, "tiny", id, List.of()))
                .isInstanceOf(GuestException.class).hasMessageContaining("at least one base URL");
        assertThatThrownBy(() -> prefetch.request(Prefetch.Kind.IMAGE, "tiny", id, List.of(URI.create("file:///etc"))))
                .isInstanceOf(GuestException.class).hasMessageContaining("http(s) base URLs");
    }

    @Test
    void aFullQueueRefusesMore() throws Exception {
        String busy = imageVersion("slow");
        images.slow(1000);
        assertThat(prefetch.request(Prefetch.Kind.IMAGE, "tiny", busy, List.of(images.base())))
                .isEqualTo(Prefetch.Outcome.QUEUED);
        await(() -> images.requests(busy + "/manifest.json") == 1);
        // The worker is busy for seconds with that one: these wait, up to the queue's bound.
        for (int i = 0; i < Prefetch.QUEUE; i++) {
            prefetch.request(Prefetch.Kind.IMAGE, "tiny", String.format("%016x", i), List.of(images.base()));
        }
        assertThatThrownBy(() -> prefetch.request(Prefetch.Kind.IMAGE, "tiny", "ffffffffffffffff", List.of(images.base())))
                .isInstanceOfSatisfying(GuestException.class,
                        e -> assertThat(e.reason()).isEqualTo(GuestException.Reason.CONFLICT))
                .hasMessageContaining(Prefetch.QUEUE + " prefetches wait already");
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
