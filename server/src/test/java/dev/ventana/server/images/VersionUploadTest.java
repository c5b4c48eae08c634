package dev.ventana.server.images;

import dev.ventana.server.ServerTest;
import dev.ventana.server.audit.AuditFilter;
import dev.ventana.server.audit.AuditTrail;
import dev.ventana.server.identity.ApiTokens;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploading bundles made from the real tiny image version: accepted when whole, and refused
 * with their own message otherwise, leaving nothing registered and nothing on disk.
 */
class VersionUploadTest extends ServerTest {
    private static final String IMAGE = "tiny";
    private static final JsonMapper JSON = TinyBundles.JSON;
    private static final Map<String, byte[]> FILES = TinyBundles.FILES;
    private static final ObjectNode manifest = TinyBundles.MANIFEST;

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    ImageCatalogue catalogue;
    @Autowired
    StoredVersions stored;
    @Autowired
    VersionUploads uploads;
    @Autowired
    AuditTrail audit;
    @TempDir
    Path scratch;

    @Test
    void aWholeBundleIsAcceptedRegisteredStoredAndAudited() throws IOException {
        byte[] manifestBytes = TinyBundles.manifest("accepted as a tar");
        String id = TinyBundles.id(manifestBytes);

        var response = upload(TinyBundles.bundle(id, manifestBytes, FILES).tar(), "application/x-tar", admin());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("image").asString()).isEqualTo(IMAGE);
        assertThat(body.path("version").asString()).isEqualTo(id);
        assertThat(body.path("sha256").asString()).startsWith(id).hasSize(64);
        assertThat(body.path("sizeBytes").asLong()).isEqualTo(FILES.values().stream().mapToLong(b -> b.length).sum());
        assertThat(body.path("parent").isNull()).isTrue();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/admin/images/tiny/versions/" + id);
        assertThat(catalogue.version(IMAGE, id)).hasValueSatisfying(v -> assertThat(v.sha256()).isEqualTo(body.path("sha256").asString()));
        Path dir = stored.directory(IMAGE, id).orElseThrow();
        for (var f : FILES.entrySet()) {
            assertThat(Files.readAllBytes(dir.resolve(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
        }
        assertThat(Files.readAllBytes(dir.resolve("manifest.json"))).isEqualTo(manifestBytes);
        assertThat(stored.list()).contains(new StoredVersions.Stored(IMAGE, id));
        var events = audit.search(new AuditFilter(null, null, null, "image.version_uploaded", IMAGE + "/" + id), 0, 10).events();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(((Number) e.details().get("sizeBytes")).longValue()).isEqualTo(body.path("sizeBytes").asLong());
        });
        assertNoUploadsLeft();
    }

    @Test
    void aGzippedBundleWithTopLevelFilesIsAcceptedToo() {
        byte[] manifestBytes = TinyBundles.manifest("accepted gzipped");
        String id = TinyBundles.id(manifestBytes);

        var response = upload(TinyBundles.bundle(null, manifestBytes, FILES).tgz(), "application/gzip", admin());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(catalogue.version(IMAGE, id)).isPresent();
        assertThat(stored.directory(IMAGE, id)).isPresent();
    }

    @Test
    void theSameVersionTwiceIsAConflictAndTheFirstStays() {
        byte[] manifestBytes = TinyBundles.manifest("uploaded twice");
        String id = TinyBundles.id(manifestBytes);
        byte[] tar = TinyBundles.bundle(id, manifestBytes, FILES).tar();
        assertThat(upload(tar, "application/x-tar", admin()).statusCode()).isEqualTo(201);

        var again = upload(tar, "application/x-tar", admin());

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("Version " + id + " of image 'tiny' is already present");
        assertThat(stored.directory(IMAGE, id)).isPresent();
        assertThat(catalogue.version(IMAGE, id)).isPresent();
        assertNoUploadsLeft();
    }

    @Test
    void aDeletedUploadLeavesTheServersDiskAndCannotBeUploadedAgain() {
        byte[] manifestBytes = TinyBundles.manifest("deleted again");
        String id = TinyBundles.id(manifestBytes);
        byte[] tar = TinyBundles.bundle(id, manifestBytes, FILES).tar();
        assertThat(upload(tar, "application/x-tar", admin()).statusCode()).isEqualTo(201);

        var deleted = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/admin/images/tiny/versions/" + id))
                .header("Authorization", admin()).DELETE().build());

        assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 204);
        assertThat(stored.directory(IMAGE, id)).isEmpty();
        assertThat(stored.root().resolve(IMAGE).resolve(id)).doesNotExist();
        assertRefused(upload(tar, "application/x-tar", admin()), 409, "Version " + id + " of image 'tiny' is already present (deleted).");
        assertNoUploadsLeft();
    }

    @Test
    void aLayerOnARegisteredParentIsAcceptedAndOnAnUnknownOneRefused() throws Exception {
        byte[] parentManifest = TinyBundles.manifest("a parent");
        String parent = TinyBundles.id(parentManifest);
        assertThat(upload(TinyBundles.bundle(parent, parentManifest, FILES).tar(), "application/x-tar", admin()).statusCode()).isEqualTo(201);

        var layer = upload(TinyBundles.layer(scratch, parent, "a layer"), "application/x-tar", admin());

        assertThat(layer.statusCode()).as(layer.body()).isEqualTo(201);
        assertThat(JSON.readTree(layer.body()).path("parent").asString()).isEqualTo(parent);

        String unknown = "0123456789abcdef";
        var orphan = upload(TinyBundles.layer(scratch, unknown, "an orphan"), "application/x-tar", admin());
        assertRefused(orphan, 400, "manifest.json's parent " + unknown + " is not a registered version of image 'tiny'");
    }

    @Test
    void anUploadIsListedWhileItArrivesAndAClientThatGoesAwayLeavesNothing() throws Exception {
        byte[] manifestBytes = TinyBundles.manifest("client went away");
        byte[] tar = TinyBundles.bundle(TinyBundles.id(manifestBytes), manifestBytes, FILES).tar();
        try (var socket = new java.net.Socket("localhost", port)) {
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/admin/images/tiny/versions HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + admin()
                    + "\r\nContent-Type: application/x-tar\r\nContent-Length: " + tar.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(tar, 0, tar.length / 2);
            out.flush();

            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(uploads.inProgress())
                    .anySatisfy(u -> {
                        assertThat(u.image()).isEqualTo(IMAGE);
                        assertThat(u.receivedBytes()).isGreaterThan(tar.length / 4);
                    }));
            var listed = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/admin/images/uploads"))
                    .header("Authorization", admin()).GET().build());
            assertThat(listed.body()).contains("\"image\":\"tiny\"", "\"receivedBytes\":", "\"startedAt\":");
        }

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(uploads.inProgress()).isEmpty();
            assertNoUploadsLeft();
        });
        assertThat(catalogue.version(IMAGE, TinyBundles.id(manifestBytes))).isEmpty();
    }

    @Test
    void aTruncatedFileIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(FILES);
        files.put("base.qcow2", Arrays.copyOf(FILES.get("base.qcow2"), FILES.get("base.qcow2").length / 2));

        int size = FILES.get("base.qcow2").length;
        assertRefusedAndGone(TinyBundles.manifest("truncated"), files, "'base.qcow2' is " + size / 2
                + " bytes, manifest.json says " + size + " (truncated)");
    }

    @Test
    void aWrongSha256IsRefused() {
        ObjectNode m = manifest.deepCopy();
        ((ObjectNode) m.path("files").path("vmlinuz")).put("sha256", "00".repeat(32));

        assertRefusedAndGone(TinyBundles.bytes(m, "wrong sha256"), FILES, "'vmlinuz' has sha256 " + TinyBundles.sha256(FILES.get("vmlinuz"))
                + ", manifest.json says " + "00".repeat(32));
    }

    @Test
    void aBaseDiskThatIsNotQcow2IsRefused() {
        byte[] fake = "not a disk at all, though its manifest entry matches".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>(FILES);
        files.put("base.qcow2", fake);
        ObjectNode m = manifest.deepCopy();
        ((ObjectNode) m.path("files").path("base.qcow2")).put("sha256", TinyBundles.sha256(fake)).put("size", fake.length);

        assertRefusedAndGone(TinyBundles.bytes(m, "not qcow2"), files, "'base.qcow2' is not a qcow2 image");
    }

    @Test
    void aManifestNamingAMissingFileIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(FILES);
        files.remove("initrd.gz");

        assertRefusedAndGone(TinyBundles.manifest("missing initrd"), files, "manifest.json names 'initrd.gz', which the bundle lacks");
    }

    @Test
    void aMislabelledImageIsRefused() {
        ObjectNode m = manifest.deepCopy();
        m.put("name", "office");

        assertRefusedAndGone(TinyBundles.bytes(m, "mislabelled"), FILES, "manifest.json is for image 'office', not 'tiny'");
    }

    @Test
    void aFileNotInTheManifestIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(FILES);
        files.put("extra", new byte[]{1});

        assertRefusedAndGone(TinyBundles.manifest("extra file"), files, "'extra' is in the bundle but not in manifest.json's files");
    }

    @Test
    void aPathClimbingOutIsRefusedAndNothingIsWrittenOutside() {
        var response = upload(new Bundle().file("../escaped", new byte[]{1}).tar(), "application/x-tar", admin());

        assertRefused(response, 400, "'../escaped' climbs out of the bundle with '..'");
        assertThat(stored.root().resolve("escaped")).doesNotExist();
        assertThat(stored.root().resolve(IMAGE).resolve("escaped")).doesNotExist();
        assertNoUploadsLeft();
    }

    @Test
    void aBodyOfAnotherTypeIsRefusedNamingTheTypesTaken() {
        var response = upload("{}".getBytes(), "application/json", admin());

        assertRefused(response, 400, "A bundle is sent as the raw body with Content-Type application/x-tar, application/gzip, application/x-gzip, application/octet-stream; not application/json.");
    }

    @Test
    void leftoversOfAServerThatStoppedMidUploadGoAtStart(@Autowired org.springframework.context.ApplicationEventPublisher events,
                                                         @Autowired org.springframework.transaction.support.TransactionTemplate tx,
                                                         @Autowired JsonMapper json) throws IOException {
        Path leftover = Files.createDirectories(stored.root().resolve(IMAGE).resolve(".upload-left-behind"));
        Files.write(leftover.resolve("base.qcow2"), new byte[]{1, 2, 3});

        new VersionUploads(stored, catalogue, events, tx, json, org.springframework.util.unit.DataSize.ofGigabytes(1));

        assertThat(leftover).doesNotExist();
    }

    @Test
    void onlyAnAdminUploads() {
        userAccount("upload-user", "Not An Admin", "upload user password");
        String user = "Bearer " + tokens.issue(users.find("upload-user").orElseThrow()).token();

        var response = upload(new Bundle().file("manifest.json", "{}".getBytes()).tar(), "application/x-tar", user);

        assertThat(response.statusCode()).isEqualTo(403);
        assertNoUploadsLeft();
    }

    @Test
    void aBundleOverTheLimitIsTooLargeWithOrWithoutItsLength() {
        long before = uploads.maxBytes();
        uploads.maxBytes(100_000);
        try {
            byte[] tar = new Bundle().file("manifest.json", TinyBundles.manifest("too large")).file("vmlinuz", new byte[300_000]).tar();

            var declared = upload(tar, "application/x-tar", admin());
            var chunked = send(request(admin(), "application/x-tar")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tar))).build());

            assertRefused(declared, 413, "more than the upload limit of 100000 bytes");
            assertRefused(chunked, 413, "larger than the upload limit of 100000 bytes");
        } finally {
            uploads.maxBytes(before);
        }
        assertNoUploadsLeft();
    }

    @Test
    void theUploadsInProgressAreListedForAdminsAndBothCallsAreInTheOpenApiDocument() {
        var response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/admin/images/uploads"))
                .header("Authorization", admin()).GET().build());
        var openApi = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("[");
        assertThat(openApi.body()).contains("\"/api/v1/admin/images/{image}/versions\"", "\"/api/v1/admin/images/uploads\"",
                "application/gzip");
    }

    private void assertRefusedAndGone(byte[] manifestBytes, Map<String, byte[]> files, String message) {
        String id = TinyBundles.id(manifestBytes);

        var response = upload(TinyBundles.bundle(id, manifestBytes, files).tar(), "application/x-tar", admin());

        assertRefused(response, 400, message);
        assertThat(catalogue.version(IMAGE, id)).isEmpty();
        assertThat(stored.root().resolve(IMAGE).resolve(id)).doesNotExist();
        assertNoUploadsLeft();
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("detail").asString()).contains(message);
    }

    private void assertNoUploadsLeft() {
        Path images = stored.root();
        if (!Files.isDirectory(images)) {
            return;
        }
        try (Stream<Path> all = Files.walk(images, 2)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".upload-"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<String> upload(byte[] body, String contentType, String authorization) {
        return send(request(authorization, contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private HttpRequest.Builder request(String authorization, String contentType) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/admin/images/" + IMAGE + "/versions"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization).header("Content-Type", contentType);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String admin() {
        return "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token();
    }
}
