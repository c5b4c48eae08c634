package dev.ventana.server.broker;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.hosts.FakeFarmHost;
import dev.ventana.server.identity.ApiTokens;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import dev.ventana.server.packages.PackageApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packaging guests against a fake host that answers as the contract's session host: New package
 * starts a session of the admin's without a pool, scan and seal reach the host, a sealed version
 * is registered at once with source packaging, discard ends the work; and the refusals.
 */
class PackagingTest extends ServerTest {
    private static final String APPS = "[{\"id\":\"gnumeric\",\"name\":\"Gnumeric\",\"icon\":\"spreadsheet\","
            + "\"command\":\"gnumeric\"}]";
    private final JsonMapper json = JsonMapper.builder().build();
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;

    FakeFarmHost host;
    String s;
    String image;
    String version;
    String name;
    Http api;
    String admin;

    @BeforeEach
    void farm() throws IOException {
        s = UUID.randomUUID().toString().substring(0, 8);
        image = "pk-img-" + s;
        version = s + "0000000b";
        name = "pk-" + s;
        api = new Http(port);
        admin = bearer("admin");
        jdbc.sql("UPDATE hosts SET draining = true").update();
        host = new FakeFarmHost("pk-host-" + s, 8000, port, PackageApi.FARM_TOKEN);
        host.imagesJson = "[{\"image\":\"" + image + "\",\"id\":\"" + version + "\",\"sha256\":\"" + version.repeat(4)
                + "\",\"cmdline\":\"\",\"screenWidth\":1024,\"screenHeight\":768,\"applications\":[]}]";
        assertThat(host.beat().statusCode()).isEqualTo(200);
    }

    @AfterEach
    void retire() {
        jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(host.name()).update();
        host.close();
    }

    @Test
    void newPackageScanAndSealRegisterAVersionMadeInTheGuest() {
        JsonNode work = answer(202, start(admin, "{\"image\":\"" + image + "\"}"));
        UUID session = UUID.fromString(work.get("session").asString());

        JsonNode sent = json.readTree(host.packaging.starts.getLast());
        assertThat(sent.get("name").asString()).isEqualTo(name);
        assertThat(sent.get("image").asString()).isEqualTo(image);
        assertThat(sent.get("version").asString()).as("the image's newest").isEqualTo(version);
        assertThat(sent.get("admin").asString()).isEqualTo("admin");
        assertThat(sent.get("memoryMiB").asInt()).isEqualTo(1024);
        assertThat(work.get("host").asString()).isEqualTo(host.name());
        assertThat(work.get("admin").asString()).isEqualTo("admin");
        assertThat(work.get("version").asString()).isEqualTo(version);
        JsonNode own = answer(200, api.get("/api/v1/sessions/" + session, "Authorization", admin));
        assertThat(own.get("packagingOf").asString()).isEqualTo(name);
        assertThat(own.get("pool").isNull()).isTrue();
        assertThat(own.get("dataDisk").asString()).isEqualTo("NONE");
        host.run(work.get("guestId").asString());
        assertThat(host.beat().statusCode()).isEqualTo(200);
        assertThat(answer(200, api.get(path(""), "Authorization", admin)).get("sessionState").asString())
                .isEqualTo("RUNNING");
        assertThat(answer(202, start(admin, "{\"image\":\"" + image + "\"}")).get("session").asString())
                .as("the admin's own running one again").isEqualTo(session.toString());
        assertThat(host.packaging.starts).hasSize(1);

        host.packaging.scanJson = "{\"entries\":[{\"file\":\"gnumeric.desktop\",\"name\":\"Gnumeric\","
                + "\"command\":\"gnumeric\",\"icon\":\"gnumeric\"}]}";
        JsonNode scan = answer(200, api.postJson(path("/scan"), "", "Authorization", admin));
        assertThat(scan.get("entries").get(0).get("file").asString()).isEqualTo("gnumeric.desktop");

        JsonNode sealed = answer(201, api.postJson(path("/seal"), "{\"title\":\"Gnumeric 1.12\",\"note\":\"apt-get"
                + " install gnumeric\",\"applications\":" + APPS + "}", "Authorization", admin));
        JsonNode seal = json.readTree(host.packaging.seals.getLast());
        assertThat(seal.get("title").asString()).isEqualTo("Gnumeric 1.12");
        assertThat(seal.get("createdBy").asString()).isEqualTo("admin");
        assertThat(seal.get("applications").toString()).isEqualTo(APPS);
        String id = sealed.get("version").asString();
        assertThat(sealed.get("name").asString()).isEqualTo(name);
        assertThat(sealed.get("sha256").asString()).startsWith(id);
        assertThat(sealed.get("sizeBytes").asLong()).isEqualTo(8192);
        JsonNode listed = new PackageApi(port, admin).versions(name).get(0);
        assertThat(listed.get("version").asString()).as("registered at once, before any heartbeat").isEqualTo(id);
        assertThat(listed.get("source").asString()).isEqualTo("packaging");
        assertThat(listed.get("title").asString()).isEqualTo("Gnumeric 1.12");
        assertThat(listed.get("createdBy").asString()).isEqualTo("admin");
        assertThat(listed.get("madeFor").get("image").asString()).isEqualTo(image);
        assertThat(listed.get("madeFor").get("version").asString()).isEqualTo(version);
        assertThat(listed.get("applications").toString())
                .isEqualTo("[{\"id\":\"gnumeric\",\"name\":\"Gnumeric\",\"icon\":\"spreadsheet\"}]");
        host.packagesJson = "[{\"name\":\"" + name + "\",\"id\":\"" + id + "\",\"sha256\":\""
                + sealed.get("sha256").asString() + "\",\"title\":\"Gnumeric 1.12\",\"source\":\"packaging\","
                + "\"madeFor\":{\"image\":\"" + image + "\",\"version\":\"" + version + "\",\"os\":\"debian-12\"},"
                + "\"applications\":" + APPS + ",\"sizeBytes\":8192}]";
        assertThat(host.beat().statusCode()).isEqualTo(200);
        assertThat(new PackageApi(port, admin).versions(name)).as("the same version").hasSize(1);
        assertThat(new PackageApi(port, admin).versions(name).get(0).get("madeFor").get("os").asString())
                .as("the heartbeat says the guest's system").isEqualTo("debian-12");
        assertThat(jdbc.sql("SELECT state FROM sessions WHERE id = ?").param(session).query(String.class).single())
                .isEqualTo("STOPPED");
        assertThat(api.get(path(""), "Authorization", admin).statusCode()).isEqualTo(404);
        assertThat(audit("package.packaging_started")).contains(name);
        assertThat(audit("package.packaging_sealed")).contains(name);
    }

    @Test
    void oneAtATimeAndOnlyForAdmins() {
        String other = bearer(admin("pk-ad-" + s));
        String user = "Bearer " + tokens.issue(userAccount("pk-us-" + s, "User", "a user's password 1")).token();
        assertThat(start(user, "{\"image\":\"" + image + "\"}").statusCode()).isEqualTo(403);
        assertThat(api.postJson(path("/seal"), "{}", "Authorization", user).statusCode()).isEqualTo(403);
        assertThat(start(admin, "{\"image\":\"nothing-" + s + "\"}").statusCode()).isEqualTo(404);
        assertThat(start(admin, "{\"image\":\"" + image + "\",\"version\":\"0000000000000000\"}").statusCode())
                .isEqualTo(404);
        assertThat(start(admin, "{}").statusCode()).as("no image").isEqualTo(400);
        assertThat(api.postJson("/api/v1/admin/packages/Bad_Name/packaging", "{\"image\":\"" + image + "\"}",
                "Authorization", admin).statusCode()).isEqualTo(400);
        assertThat(api.postJson(path("/scan"), "", "Authorization", admin).statusCode()).as("no work").isEqualTo(404);

        answer(202, start(admin, "{\"image\":\"" + image + "\"}"));
        HttpResponse<String> second = start(other, "{\"image\":\"" + image + "\"}");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("being packaged by admin");

        for (String bad : List.of("[]", "[{\"id\":\"Bad\",\"name\":\"x\",\"icon\":\"code\",\"command\":\"x\"}]",
                "[{\"id\":\"a\",\"name\":\"x\",\"icon\":\"nope\",\"command\":\"x\"}]",
                "[{\"id\":\"a\",\"name\":\"x\",\"icon\":\"code\",\"command\":\"x | y\"}]",
                "[{\"id\":\"a\",\"name\":\"x\\ty\",\"icon\":\"code\",\"command\":\"x\"}]",
                "[{\"id\":\"a\",\"name\":\"x\",\"icon\":\"code\",\"command\":\"  \"}]",
                "[{\"id\":\"a\",\"name\":\"x\",\"icon\":\"code\",\"command\":\"x\"},"
                        + "{\"id\":\"a\",\"name\":\"y\",\"icon\":\"code\",\"command\":\"y\"}]")) {
            assertThat(api.postJson(path("/seal"), "{\"title\":\"T\",\"applications\":" + bad + "}", "Authorization",
                    admin).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(api.postJson(path("/seal"), "{\"applications\":" + APPS + "}", "Authorization", admin).statusCode())
                .as("no title").isEqualTo(400);
        assertThat(host.packaging.seals).as("refused before the host").isEmpty();

        host.packaging.sealFailure = "no-changes";
        HttpResponse<String> failed = api.postJson(path("/seal"), "{\"title\":\"T\",\"applications\":" + APPS + "}",
                "Authorization", admin);
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(json.readTree(failed.body()).get("error").asString()).isEqualTo("UPSTREAM_FAILED");
        assertThat(failed.body()).contains("no-changes");
        assertThat(api.get(path(""), "Authorization", admin).statusCode()).as("the work is kept").isEqualTo(200);

        String guest = answer(200, api.get(path(""), "Authorization", other)).get("guestId").asString();
        assertThat(api.delete(path(""), "Authorization", other).statusCode()).as("any admin").isEqualTo(204);
        assertThat(host.packaging.discards).containsExactly(guest);
        assertThat(api.get(path(""), "Authorization", admin).statusCode()).isEqualTo(404);
        assertThat(audit("package.packaging_discarded")).contains(name);

        host.packaging.startRefusal = 409;
        HttpResponse<String> refused = start(admin, "{\"image\":\"" + image + "\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains(host.name()).contains("refused by the fake host");
        assertThat(api.get(path(""), "Authorization", admin).statusCode()).as("no work left").isEqualTo(404);
    }

    private HttpResponse<String> start(String bearer, String body) {
        return api.postJson(path(""), body, "Authorization", bearer);
    }

    private String path(String tail) {
        return "/api/v1/admin/packages/" + name + "/packaging" + tail;
    }

    private String bearer(String username) {
        return "Bearer " + tokens.issue(users.find(username).orElseThrow()).token();
    }

    private String admin(String username) {
        users.find(username).orElseGet(() -> users.create(new NewUser(username, "Admin", "an admin's password 1",
                Set.of(Role.ADMIN)), "test"));
        return username;
    }

    private List<String> audit(String action) {
        List<String> targets = new ArrayList<>();
        answer(200, api.get("/api/v1/admin/audit?size=200&action=" + action, "Authorization", admin)).get("events")
                .forEach(e -> targets.add(e.get("target").asString()));
        return targets;
    }

    private JsonNode answer(int status, HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        return json.readTree(answer.body());
    }
}
