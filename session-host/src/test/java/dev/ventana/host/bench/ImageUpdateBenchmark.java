package dev.ventana.host.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.testing.VersionDirectories;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.guest.VersionFetch;
import dev.ventana.host.maintenance.Maintenance;
import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TinyImages;
import dev.ventana.host.testing.UsKeyboard;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an image update costs (docs/benchmarks.md, "Image updates"): the time to seal a
 * maintenance guest's change as a new version, and the bytes another host copies to receive that
 * version when it already holds the parent, against a host that holds nothing. Run by
 * bench/image-update.sh; prints lines that start with {@code image-update}.
 *
 * <p>This Spring Boot session host (host A) holds the built versions; its own Maintenance seals
 * each change, as the agent API's seal does. Host B is a VersionFetch on a directory that holds
 * only the parent, fetching the new version from host A's agent API by its hash, as a host does
 * before a boot. The change: tiny, one small file (/etc/ventana-motd); office, {@code apt-get
 * update && apt-get install -y hello} from deb.debian.org through QEMU's user NAT. Every run
 * starts from the built version, so each sealed version is a single layer on it.
 *
 * <p>Not a test of CI's: its name matches no Surefire pattern and it needs
 * {@code -Dventana.bench.image-update=true}. Runs: {@code -Dventana.bench.images=tiny,office},
 * {@code -Dventana.bench.tiny-runs=3}, {@code -Dventana.bench.office-runs=3}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIfSystemProperty(named = "ventana.bench.image-update", matches = "true")
class ImageUpdateBenchmark {
    private static final String TOKEN = "bench-farm-token-0123456789";

    @TempDir
    static Path tmp;

    @DynamicPropertySource
    static void hostProperties(DynamicPropertyRegistry registry) throws IOException {
        Path images = tmp.resolve("images-a");
        for (String image : images()) {
            Path built = TinyImages.imagesDir().resolve(image);
            if (!Files.isRegularFile(built.resolve("current/manifest.json"))) {
                throw new IllegalStateException("no " + image + " image in " + built.getParent()
                        + ": run deploy/images/" + image + "/build.sh first");
            }
            VersionDirectories.linkCurrent(image, images);
        }
        registry.add("ventana.host.farm-token", () -> TOKEN);
        registry.add("ventana.host.images-dir", images::toString);
        registry.add("ventana.host.run-dir", () -> tmp.resolve("run-a").toString());
        registry.add("ventana.host.data-dir", () -> tmp.resolve("data-a").toString());
        registry.add("ventana.host.data-disk-mib", () -> "64");
        registry.add("ventana.host.accel", () -> "tcg");
    }

    @LocalServerPort
    int port;
    @Autowired
    Maintenance maintenance;
    @Autowired
    QemuEngine engine;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<RfbClient> screens = new ArrayList<>();

    /** One seal and the fetch of what it made; {@code sealSeconds} is the whole seal call, guest shutdown included. */
    private record Run(String version, long ownBytes, double sealSeconds, double sealerSeconds, double changeSeconds,
                       VersionFetch.Transfer withParent, double fetchSeconds) {
    }

    @Test
    void sealAndDistribute() throws Exception {
        System.out.printf(Locale.ROOT, "image-update: %d cores, load average %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage());
        try {
            for (String image : images()) {
                measure(image, Integer.getInteger("ventana.bench." + image + "-runs", 3));
            }
        } finally {
            screens.forEach(RfbClient::close);
        }
        System.out.printf(Locale.ROOT, "image-update: load average at the end %s%n", loadAverage());
    }

    private void measure(String image, int runs) throws Exception {
        String v0 = currentBuilt(image);
        Path parentDir = tmp.resolve("images-a").resolve(image).resolve(v0);
        long parentBytes = ownBytes(parentDir);
        List<Run> done = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Run r = sealOnce(image, v0, i);
            done.add(r);
            System.out.printf(Locale.ROOT, "image-update %s run %d: change %.1f s; seal %.2f s (of which sealing %.1f s,"
                            + " the rest the guest's orderly shutdown); version %s, its own files %d bytes; a host"
                            + " with the parent received %d bytes and linked %d in %.1f s%n", image, i,
                    r.changeSeconds(), r.sealSeconds(), r.sealerSeconds(), r.version(), r.ownBytes(),
                    r.withParent().receivedBytes(), r.withParent().linkedBytes(), r.fetchSeconds());
        }
        // A host without the parent: the whole chain travels. Once, since it is the same every run.
        Run last = done.getLast();
        Path empty = Files.createDirectories(tmp.resolve("host-c-" + image));
        long t0 = System.nanoTime();
        VersionFetch.Transfer full = fetchInto(empty, image, last.version());
        double fullSeconds = seconds(t0);
        deleteTree(empty);
        // It receives the parent, then links the layer's unchanged kernel and initrd from it.
        assertThat(full.receivedBytes() + full.linkedBytes()).isEqualTo(last.ownBytes() + parentBytes);
        System.out.printf(Locale.ROOT, "image-update %s: a host without the parent received %d bytes and linked %d"
                        + " in %.1f s (the built version %s has %d bytes, the layer %d of its own)%n", image,
                full.receivedBytes(), full.linkedBytes(), fullSeconds, v0, parentBytes, last.ownBytes());

        double received = median(done.stream().mapToDouble(r -> r.withParent().receivedBytes()).toArray());
        System.out.printf(Locale.ROOT, "image-update RESULT %s: seal median %.2f s (runs %s), sealing alone median %.1f s;"
                        + " with the parent a host receives median %.0f bytes (%.1f MiB) = %.2f%% of the %d bytes"
                        + " (%.1f MiB) a host without it receives%n", image,
                median(done.stream().mapToDouble(Run::sealSeconds).toArray()),
                String.join(", ", done.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.sealSeconds())).toList()),
                median(done.stream().mapToDouble(Run::sealerSeconds).toArray()), received, received / (1 << 20),
                100 * received / full.receivedBytes(), full.receivedBytes(), full.receivedBytes() / (double) (1 << 20));
    }

    private Run sealOnce(String image, String v0, int run) throws Exception {
        boolean office = image.equals("office");
        GuestInfo guest = maintenance.start(image, v0, "admin", office ? 1024 : 256, 1);
        guest = GuestHarness.awaitState(engine, guest.id(), GuestState.RUNNING, GuestHarness.BOOT);
        ConsoleLog console = new ConsoleLog(guest.paths().consoleLog());
        RfbClient screen = RfbClient.connect(guest.paths().vncSocket());
        screens.add(screen);
        await().atMost(Duration.ofSeconds(10)).until(screen::extendedKeys);
        long t0;
        double changeSeconds;
        if (office) {
            await().atMost(GuestHarness.BOOT).until(() -> console.contains("ventana: maintenance desktop as root"));
            UsKeyboard keys = new UsKeyboard(screen);
            // The root terminal takes the keyboard once it is mapped: typed again until it answers.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(10)).until(() -> {
                keys.type("echo term-" + run + "-$((40+2)) > /dev/ttyS0\n");
                return console.contains("term-" + run + "-42");
            });
            t0 = System.nanoTime();
            keys.type("apt-get update > /dev/ttyS0 2>&1 && apt-get install -y hello > /dev/ttyS0 2>&1"
                    + " && sync && echo apt-" + run + "-$((6*7))-ok > /dev/ttyS0\n");
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> console.contains("apt-" + run + "-42-ok") || console.contains("E: "));
            assertThat(console.text()).as("apt on the console").contains("apt-" + run + "-42-ok");
            changeSeconds = seconds(t0);
            System.out.printf("image-update office run %d: in the guest after apt: %s%n", run,
                    whereAptWrote(keys, console, run));
        } else {
            await().atMost(GuestHarness.BOOT).until(() -> console.contains("up after"));
            GuestHarness.awaitPrompt(screen);
            t0 = System.nanoTime();
            String ok = "motd-" + run + "-ok";
            GuestHarness.run(screen, "echo bench run " + run + " > /etc/ventana-motd && sync && echo " + ok
                    + " > /dev/ttyS0");
            await().atMost(Duration.ofSeconds(60)).until(() -> console.contains(ok));
            changeSeconds = seconds(t0);
        }

        long t1 = System.nanoTime();
        Maintenance.Sealed sealed = maintenance.seal(guest.id(), "Bench run " + run, "bench/image-update.sh", "admin");
        double sealSeconds = seconds(t1);
        assertThat(sealed.parent()).isEqualTo(v0);

        Path hostB = tmp.resolve("host-b-" + image + "-" + run);
        VersionDirectories.link(tmp.resolve("images-a").resolve(image).resolve(v0), hostB, image);
        long t2 = System.nanoTime();
        VersionFetch.Transfer withParent = fetchInto(hostB, image, sealed.version());
        double fetchSeconds = seconds(t2);
        deleteTree(hostB);
        return new Run(sealed.version(), sealed.sizeBytes(), sealSeconds, sealed.sealSeconds(), changeSeconds,
                withParent, fetchSeconds);
    }

    /**
     * Where most of the layer's bytes come from: apt's package lists and its caches (the built image
     * ships without them), in KiB as the guest's du sees them.
     */
    private static String whereAptWrote(UsKeyboard keys, ConsoleLog console, int run) throws Exception {
        String tag = "apt-du-" + run;
        keys.type("du -sxk /var/lib/apt/lists /var/cache/apt | sed 's/^/" + tag + " /' > /dev/ttyS0; echo " + tag
                + "-done > /dev/ttyS0\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> console.contains(tag + "-done"));
        return String.join("; ", console.text().lines().filter(l -> l.startsWith(tag + " "))
                .map(l -> l.substring(tag.length() + 1).strip().replaceAll("\\s+", " ")).toList());
    }

    /** What a host with the images directory {@code dir} copies to get the version from host A. */
    private VersionFetch.Transfer fetchInto(Path dir, String image, String version) throws InterruptedException {
        return new VersionFetch(dir, json, TOKEN, Duration.ofSeconds(1))
                .fetch(image, version, List.of(URI.create("http://localhost:" + port + "/api/v1")));
    }

    private static List<String> images() {
        return List.of(System.getProperty("ventana.bench.images", "tiny,office").split(","));
    }

    private static String currentBuilt(String image) throws IOException {
        return Files.readSymbolicLink(TinyImages.imagesDir().resolve(image).resolve("current")).getFileName().toString();
    }

    /** The bytes of a version's own files, as its manifest lists them. */
    private long ownBytes(Path versionDir) throws IOException {
        long size = 0;
        for (var f : json.readTree(Files.readAllBytes(versionDir.resolve("manifest.json"))).path("files")) {
            size += f.path("size").asLong();
        }
        return size;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
