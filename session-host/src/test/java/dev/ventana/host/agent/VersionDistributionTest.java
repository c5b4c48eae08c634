package dev.ventana.host.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.guest.VersionFetch;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.TinyImages;
import dev.ventana.host.testing.VersionDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two real session hosts: this Spring Boot host holds the tiny image and a version layered on it;
 * the other (a second engine with its own images directory) holds only the parent. A launch of the
 * layer on the second host fetches it from the first over the agent API, copying only the layer,
 * and boots it. Then the first host removes what nobody uses and keeps what is in use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VersionDistributionTest {
    private static final String TOKEN = "test-farm-token-0123456789";

    @TempDir
    static Path tmp;
    static String parent;
    static String layer;
    static GuestHarness other;

    @DynamicPropertySource
    static void hostProperties(DynamicPropertyRegistry registry) throws Exception {
        Path images = tmp.resolve("images-a");
        parent = VersionDirectories.copy(TinyImages.imagesDir().resolve("tiny").resolve(TinyImages.currentVersion()),
                images, "tiny");
        Files.createSymbolicLink(images.resolve("tiny/current"), Path.of(parent));
        layer = VersionDirectories.layer(images.resolve("tiny"), parent, "with a layer");
        registry.add("ventana.host.farm-token", () -> TOKEN);
        registry.add("ventana.host.images-dir", images::toString);
        registry.add("ventana.host.run-dir", () -> tmp.resolve("run-a").toString());
        registry.add("ventana.host.data-dir", () -> tmp.resolve("data-a").toString());
        registry.add("ventana.host.data-disk-mib", () -> "64");
        registry.add("ventana.host.accel", () -> "tcg");
    }

    @AfterAll
    static void stopTheOtherHost() {
        if (other != null) {
            other.close();
        }
    }

    @LocalServerPort
    int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> call(String method, String path, String token, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesOnlyTheFilesOfAVerifiedVersionToTheFarmToken() throws Exception {
        String v = "/api/v1/images/tiny/" + layer;
        assertThat(call("GET", v + "/manifest.json", null, null).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> manifest = call("GET", v + "/manifest.json", TOKEN, null);
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(VersionDirectories.sha256(bytesFile(manifest.body()))).startsWith(layer);

        HttpResponse<byte[]> base = call("GET", v + "/files/base.qcow2", TOKEN, null);
        assertThat(base.statusCode()).isEqualTo(200);
        assertThat(base.body()).hasSize((int) Files.size(tmp.resolve("images-a/tiny/" + layer + "/base.qcow2")));
        HttpResponse<byte[]> head = call("GET", v + "/files/vmlinuz", TOKEN, "bytes=0-15");
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.body()).hasSize(16);

        assertThat(call("GET", v + "/files/secret", TOKEN, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", v + "/files/..", TOKEN, null).statusCode()).isIn(400, 404);
        assertThat(call("GET", "/api/v1/images/tiny/0123456789abcdef/manifest.json", TOKEN, null).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/api/v1/images/tiny/current/manifest.json", TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void prefetchAnswersWhetherTheVersionIsHereOrOnItsWayAndRefusesBadRequests() throws Exception {
        String self = "{\"sources\":[\"http://localhost:" + port + "/api/v1\"]}";
        HttpResponse<String> here = post("/api/v1/images/tiny/" + parent + "/prefetch", self);
        assertThat(here.statusCode()).isEqualTo(200);
        assertThat(here.body()).contains("\"outcome\":\"PRESENT\"");
        // A version nobody has: queued all the same (its failure is the host's log's, and the server asks again).
        HttpResponse<String> queued = post("/api/v1/images/tiny/0123456789abcdef/prefetch", self);
        assertThat(queued.statusCode()).isEqualTo(202);
        assertThat(queued.body()).containsAnyOf("\"outcome\":\"QUEUED\"", "\"outcome\":\"UNDER_WAY\"");
        assertThat(post("/api/v1/packages/calc/0123456789abcdef/prefetch", self).statusCode()).isEqualTo(202);

        HttpResponse<String> badId = post("/api/v1/images/tiny/current/prefetch", self);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("16-hex-digit");
        assertThat(post("/api/v1/images/tiny/" + parent + "/prefetch", "{\"sources\":[]}").body())
                .contains("at least one base URL");
        assertThat(post("/api/v1/images/tiny/" + parent + "/prefetch", "{\"sources\":[\"file:///etc\"]}").statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/images/tiny/" + parent + "/prefetch", "not json").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHostThatLacksTheVersionFetchesOnlyTheLayerBootsItAndUnusedVersionsGo() throws Exception {
        Path imagesB = tmp.resolve("images-b");
        VersionDirectories.copy(tmp.resolve("images-a/tiny/" + parent), imagesB, "tiny");
        other = new GuestHarness(tmp.resolve("run-b"), tmp.resolve("data-b"));
        QemuEngine engineB = other.engine(imagesB, new VersionFetch(imagesB, other.json, TOKEN, Duration.ofSeconds(1)));

        GuestInfo started = engineB.start(new GuestSpec("bob", "tiny", layer, 256, 1, null, null, null,
                List.of(URI.create("http://localhost:" + port + "/api/v1"))));
        assertThat(started.state()).isEqualTo(GuestState.STARTING);
        assertThat(started.version()).isEqualTo(layer);
        GuestInfo running = GuestHarness.awaitState(engineB, started.id(), GuestState.RUNNING, GuestHarness.BOOT);
        assertThat(running.screen().width()).isEqualTo(720);

        // Only the layer travelled: the parent's copy is the one host B had, and the layer is small.
        assertThat(names(imagesB.resolve("tiny"))).containsExactlyInAnyOrder(parent, layer);
        assertThat(Files.size(imagesB.resolve("tiny/" + layer + "/base.qcow2"))).isLessThan(1 << 20);
        assertThat(Files.isSameFile(imagesB.resolve("tiny/" + layer + "/vmlinuz"),
                imagesB.resolve("tiny/" + parent + "/vmlinuz"))).isTrue();

        // Host B keeps what its guest runs; host A lets go of the layer, but not of its parent.
        ImageCatalog catalogB = new ImageCatalog(imagesB, other.json);
        assertThatThrownBy(() -> catalogB.remove("tiny", layer, Set.of(running.version())))
                .isInstanceOf(GuestException.class).hasMessageContaining("a guest on this host runs it");
        assertThat(new String(call("DELETE", "/api/v1/images/tiny/" + parent, TOKEN, null).body()))
                .contains("current version");
        Files.delete(tmp.resolve("images-a/tiny/current"));
        HttpResponse<byte[]> layered = call("DELETE", "/api/v1/images/tiny/" + parent, TOKEN, null);
        assertThat(layered.statusCode()).isEqualTo(409);
        assertThat(new String(layered.body())).contains(layer + " is layered on it");
        assertThat(call("DELETE", "/api/v1/images/tiny/" + layer, TOKEN, null).statusCode()).isEqualTo(204);
        assertThat(names(tmp.resolve("images-a/tiny"))).containsExactly(parent);
        assertThat(new String(call("GET", "/api/v1/images", TOKEN, null).body())).doesNotContain(layer);
        assertThat(call("DELETE", "/api/v1/images/tiny/" + layer, TOKEN, null).statusCode()).isEqualTo(404);
        Files.createSymbolicLink(tmp.resolve("images-a/tiny/current"), Path.of(parent));

        engineB.stop(running.id());
        GuestHarness.awaitState(engineB, running.id(), GuestState.STOPPED, Duration.ofSeconds(30));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.equals("current")).toList();
        }
    }

    private Path bytesFile(byte[] bytes) {
        try {
            Path f = Files.createTempFile(tmp, "manifest", ".json");
            Files.write(f, bytes);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
