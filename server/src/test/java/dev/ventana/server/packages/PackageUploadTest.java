package dev.ventana.server.packages;

import dev.ventana.server.ServerTest;
import dev.ventana.server.audit.AuditFilter;
import dev.ventana.server.audit.AuditTrail;
import dev.ventana.server.identity.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploading package bundles made with mksquashfs: accepted when whole, listed, served to hosts and
 * deleted; refused in words otherwise, leaving nothing registered and nothing on disk.
 */
class PackageUploadTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    PackageCatalogue catalogue;
    @Autowired
    StoredPackages stored;
    @Autowired
    AuditTrail audit;
    @TempDir
    Path scratch;
    PackageApi api;
    String name;

    @BeforeEach
    void names() {
        api = new PackageApi(port, "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token());
        name = "up-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aWholeBundleIsAcceptedListedServedToHostsAndDeleted() throws IOException {
        PackageBundles.Version v = PackageBundles.version(scratch, name, "tiny", "calc|Calculator|application|xcalc");

        HttpResponse<String> answer = api.upload(name, v.tar());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode body = PackageBundles.JSON.readTree(answer.body());
        assertThat(body.get("name").asString()).isEqualTo(name);
        assertThat(body.get("version").asString()).isEqualTo(v.id());
        assertThat(body.get("sha256").asString()).isEqualTo(v.sha256());
        assertThat(body.get("sizeBytes").asLong()).isEqualTo(v.sqfs().length);
        assertThat(answer.headers().firstValue("Location")).hasValue("/api/v1/admin/packages/" + name + "/versions/" + v.id());
        Path dir = stored.directory(name, v.id()).orElseThrow();
        assertThat(Files.readAllBytes(dir.resolve("package.sqfs"))).isEqualTo(v.sqfs());
        assertThat(Files.readAllBytes(dir.resolve("manifest.json"))).isEqualTo(v.manifest());
        JsonNode listed = api.versions(name).get(0);
        assertThat(listed.get("version").asString()).isEqualTo(v.id());
        assertThat(listed.get("source").asString()).as("the server's view of an upload").isEqualTo("upload");
        assertThat(listed.get("createdBy").asString()).isEqualTo("make.sh");
        assertThat(listed.get("madeFor").get("image").asString()).isEqualTo("tiny");
        assertThat(listed.get("madeFor").get("version").isNull()).isTrue();
        assertThat(listed.get("madeFor").get("os").asString()).isEqualTo("ventana-tiny");
        assertThat(listed.get("applications").toString())
                .isEqualTo("[{\"id\":\"calc\",\"name\":\"Calculator\",\"icon\":\"application\"}]");
        assertThat(listed.get("sizeBytes").asLong()).isEqualTo(v.sqfs().length);
        assertThat(listed.get("hosts").size() + listed.get("pools").size() + listed.get("liveSessions").asInt()).isZero();
        assertThat(audit.search(new AuditFilter(null, null, null, "package.version_uploaded", name + "/" + v.id()), 0, 10)
                .events()).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("admin"));

        String base = name + "/" + v.id();
        assertThat(api.farm(base + "/manifest.json", PackageApi.FARM_TOKEN).body()).isEqualTo(v.manifest());
        assertThat(api.farm(base + "/files/package.sqfs", PackageApi.FARM_TOKEN).body()).isEqualTo(v.sqfs());
        assertThat(api.farm(base + "/files/manifest.json", PackageApi.FARM_TOKEN).statusCode()).isEqualTo(404);
        assertThat(api.farm(name + "/0000000000000000/manifest.json", PackageApi.FARM_TOKEN).statusCode()).isEqualTo(404);
        assertThat(api.farm(base + "/files/package.sqfs", null).statusCode()).isEqualTo(401);

        assertThat(api.upload(name, v.tar()).statusCode()).as("the same version again").isEqualTo(409);
        assertThat(api.delete(name, v.id()).statusCode()).isEqualTo(204);
        assertThat(api.versions(name)).isNull();
        assertThat(stored.directory(name, v.id())).isEmpty();
        assertThat(catalogue.version(name, v.id())).hasValueSatisfying(r -> assertThat(r.deleted()).isTrue());
        assertThat(api.delete(name, v.id()).statusCode()).isEqualTo(404);
        assertThat(api.upload(name, v.tar()).body()).as("a deleted id stays taken").contains("(deleted)");
        assertNoUploadsLeft();
    }

    @Test
    void aCorruptSquashfsIsRefused() {
        byte[] sqfs = PackageBundles.sqfs(scratch, "calc|Calculator|application|xcalc");
        sqfs[0] = 'x';
        refused(PackageBundles.of(name, PackageBundles.manifest(name, "tiny", sqfs), sqfs), "is not a squashfs image");
    }

    @Test
    void aSquashfsLargerThanItsFileIsRefused() {
        byte[] sqfs = PackageBundles.sqfs(scratch, "calc|Calculator|application|xcalc");
        ByteBuffer.wrap(sqfs).order(ByteOrder.LITTLE_ENDIAN).putLong(40, sqfs.length + 1L);
        refused(PackageBundles.of(name, PackageBundles.manifest(name, "tiny", sqfs), sqfs), "(truncated)");
    }

    @Test
    void theWrongKindIsRefused() {
        refusedWith(m -> m.put("kind", "image"), "is of kind 'image'; this is an upload of a package");
        refusedWith(m -> {
            m.remove("kind");
            return m;
        }, "is of kind (none)");
    }

    @Test
    void aPackageIsNoImageVersion() {
        byte[] sqfs = PackageBundles.sqfs(scratch, "calc|Calculator|application|xcalc");
        PackageBundles.Version v = PackageBundles.of("tiny", PackageBundles.manifest("tiny", "tiny", sqfs), sqfs);
        HttpResponse<String> answer = api.post("/api/v1/admin/images/tiny/versions", v.tar());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("is of kind 'package'; this is an upload of an image version");
    }

    @Test
    void aManifestForAnotherPackageIsRefused() {
        refusedWith(m -> m.put("name", "other-" + name), "is for package 'other-" + name + "', not '" + name + "'");
    }

    @Test
    void aFileThatDoesNotHashAsListedIsRefused() {
        refusedWith(m -> {
            ((ObjectNode) m.get("files").get("package.sqfs")).put("sha256", "0".repeat(64));
            return m;
        }, "'package.sqfs' has sha256");
    }

    @Test
    void applicationsAndMadeForAreChecked() {
        refusedWith(m -> {
            ((ObjectNode) m.get("applications").get(0)).put("icon", "rocket");
            return m;
        }, "has the icon 'rocket'");
        refusedWith(m -> {
            ((ObjectNode) m.get("applications").get(0)).put("id", "Calc");
            return m;
        }, "application id 'Calc'");
        refusedWith(m -> {
            m.remove("madeFor");
            return m;
        }, "madeFor must name the image");
        assertThat(api.upload("Not-A-Name", new byte[0]).statusCode()).isEqualTo(400);
    }

    private void refusedWith(Function<ObjectNode, ObjectNode> change, String why) {
        byte[] sqfs = PackageBundles.sqfs(scratch, "calc|Calculator|application|xcalc");
        ObjectNode m = PackageBundles.manifest(name, "tiny", sqfs, "calc|Calculator|application|xcalc");
        refused(PackageBundles.of(name, change.apply(m), sqfs), why);
    }

    private void refused(PackageBundles.Version v, String why) {
        HttpResponse<String> answer = api.upload(name, v.tar());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains(why);
        assertThat(catalogue.version(name, v.id())).isEmpty();
        assertThat(stored.directory(name, v.id())).isEmpty();
        assertNoUploadsLeft();
    }

    private void assertNoUploadsLeft() {
        Path dir = stored.root().resolve(name);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(f -> f.startsWith(".upload-"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
