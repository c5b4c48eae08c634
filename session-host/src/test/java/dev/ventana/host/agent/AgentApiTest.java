package dev.ventana.host.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.PackageFixture;
import dev.ventana.host.guest.QemuEngine;
import dev.ventana.host.testing.TinyImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The agent API over real HTTP, with the real engine behind it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AgentApiTest {
    private static final String TOKEN = "test-farm-token-0123456789";

    @TempDir
    static Path tmp;

    @DynamicPropertySource
    static void hostProperties(DynamicPropertyRegistry registry) {
        registry.add("ventana.host.farm-token", () -> TOKEN);
        registry.add("ventana.host.images-dir", () -> TinyImages.imagesDir().toString());
        registry.add("ventana.host.run-dir", () -> tmp.resolve("run").toString());
        registry.add("ventana.host.data-dir", () -> tmp.resolve("data").toString());
        registry.add("ventana.host.data-disk-mib", () -> "64");
        registry.add("ventana.host.accel", () -> "tcg");
        registry.add("ventana.host.powerdown-timeout", () -> "10s");
        registry.add("ventana.host.packages-dir", () -> tmp.resolve("packages").toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    QemuEngine engine;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killLeftovers() {
        for (GuestInfo g : engine.list()) {
            if (!g.state().isFinal() && g.pid() > 0) {
                ProcessHandle.of(g.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> r, int status, String kind) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.path("error").asString()).isEqualTo(kind);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank();
    }

    private String detail(HttpResponse<String> r, int status) {
        assertProblem(r, status, "BAD_REQUEST");
        return json.readTree(r.body()).path("detail").asString();
    }

    @Test
    void refusesAMissingOrWrongFarmToken() throws Exception {
        assertProblem(call("GET", "/api/v1/guests", null, null), 401, "UNAUTHORIZED");
        assertProblem(call("GET", "/api/v1/guests", null, "wrong-token"), 401, "UNAUTHORIZED");
        assertProblem(call("GET", "/api/v1/guests", null, TOKEN + "x"), 401, "UNAUTHORIZED");
        assertProblem(call("POST", "/api/v1/guests", "{\"user\":\"a\",\"image\":\"tiny\"}", null), 401, "UNAUTHORIZED");
        assertThat(call("GET", "/api/v1/guests", null, TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesUnknownImagesAndVersions() throws Exception {
        assertProblem(call("POST", "/api/v1/guests", "{\"user\":\"ann\",\"image\":\"nosuch\",\"memoryMiB\":256}", TOKEN),
                404, "NOT_FOUND");
        assertProblem(call("POST", "/api/v1/guests",
                "{\"user\":\"ann\",\"image\":\"tiny\",\"version\":\"0123456789abcdef\",\"memoryMiB\":256}", TOKEN),
                404, "NOT_FOUND");
        assertProblem(call("GET", "/api/v1/guests/g-000000000000", null, TOKEN), 404, "NOT_FOUND");
        assertProblem(call("DELETE", "/api/v1/guests/g-000000000000", null, TOKEN), 404, "NOT_FOUND");
        assertProblem(call("GET", "/api/v1/nothing-here", null, TOKEN), 404, "NOT_FOUND");
    }

    @Test
    void refusesImpossibleRequests() throws Exception {
        assertProblem(call("POST", "/api/v1/guests", "{\"user\":\"ann\",\"image\":\"tiny\",\"memoryMiB\":0}", TOKEN),
                400, "BAD_REQUEST");
        assertProblem(call("POST", "/api/v1/guests", "{\"user\":\"ann\",\"image\":\"tiny\",\"vcpus\":0}", TOKEN),
                400, "BAD_REQUEST");
        assertProblem(call("POST", "/api/v1/guests", "{\"user\":\"../../etc\",\"image\":\"tiny\"}", TOKEN),
                400, "BAD_REQUEST");
        assertProblem(call("POST", "/api/v1/guests", "{\"user\":", TOKEN), 400, "BAD_REQUEST");
        assertProblem(call("POST", "/api/v1/guests", "{\"user\":\"ann\",\"image\":\"tiny\",\"memoryMiB\":\"lots\"}", TOKEN),
                400, "BAD_REQUEST");
        assertThat(detail(call("POST", "/api/v1/guests", "{\"user\":\"ann\",\"image\":\"tiny\",\"network\":\"BRIDGE\"}",
                TOKEN), 400)).isEqualTo("network must be NONE or NAT, not 'BRIDGE'");
        assertThat(detail(call("POST", "/api/v1/guests", "{\"user\":\"ann\",\"image\":\"tiny\",\"dataDisk\":\"SHARED\"}",
                TOKEN), 400)).isEqualTo("dataDisk must be WRITABLE, READ_ONLY or NONE, not 'SHARED'");
        assertThat(detail(call("POST", "/api/v1/guests", "{\"user\":\"ann\",\"image\":\"tiny\",\"application\":\"x y\"}",
                TOKEN), 400)).startsWith("application must be an application id");
        assertThat(detail(call("POST", "/api/v1/guests", "{\"user\":\"ann\",\"image\":\"tiny\",\"application\":\"nosuch\"}",
                TOKEN), 400)).contains("publishes no application 'nosuch'");
        assertThat(engine.list()).noneMatch(g -> g.user().equals("ann"));
    }

    /** Maintenance's refusals; MaintenanceGuestTest boots, seals and discards maintenance guests. */
    @Test
    void maintenanceRefusesWhatItCannotDo() throws Exception {
        assertProblem(call("POST", "/api/v1/maintenance", "{\"image\":\"tiny\",\"admin\":\"root\"}", null), 401,
                "UNAUTHORIZED");
        assertProblem(call("POST", "/api/v1/maintenance", "{\"image\":\"nosuch\",\"admin\":\"root\"}", TOKEN), 404,
                "NOT_FOUND");
        assertThat(detail(call("POST", "/api/v1/maintenance", "{\"image\":\"tiny\",\"admin\":\"../x\"}", TOKEN), 400))
                .startsWith("user must be");
        assertThat(detail(call("POST", "/api/v1/maintenance/g-000000000000/seal",
                "{\"title\":\" \",\"createdBy\":\"root\"}", TOKEN), 400)).isEqualTo("title must be 1-100 characters");
        assertThat(detail(call("POST", "/api/v1/maintenance/g-000000000000/seal",
                "{\"title\":\"t\",\"note\":\"" + "n".repeat(1001) + "\",\"createdBy\":\"root\"}", TOKEN), 400))
                .isEqualTo("note must be at most 1000 characters");
        HttpResponse<String> unknown = call("POST", "/api/v1/maintenance/g-000000000000/seal",
                "{\"title\":\"t\",\"createdBy\":\"root\"}", TOKEN);
        assertProblem(unknown, 404, "NOT_FOUND");
        assertThat(unknown.body()).contains("no maintenance guest g-000000000000");
        assertProblem(call("DELETE", "/api/v1/maintenance/g-000000000000", null, TOKEN), 404, "NOT_FOUND");
    }

    /** Packaging's refusals; PackagingTest seals with a played agent, PackagingGuestTest boots one on tiny. */
    @Test
    void packagingRefusesWhatItCannotDo() throws Exception {
        HttpResponse<String> none = call("GET", "/api/v1/packaging", null, TOKEN);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("[]");
        assertProblem(call("POST", "/api/v1/packaging", "{\"name\":\"hello\",\"image\":\"tiny\",\"admin\":\"root\"}",
                null), 401, "UNAUTHORIZED");
        assertProblem(call("POST", "/api/v1/packaging", "{\"name\":\"hello\",\"image\":\"nosuch\",\"admin\":\"root\"}",
                TOKEN), 404, "NOT_FOUND");
        assertThat(detail(call("POST", "/api/v1/packaging", "{\"name\":\"Hello\",\"image\":\"tiny\",\"admin\":\"root\"}",
                TOKEN), 400)).startsWith("name must be a package name");
        assertThat(detail(call("POST", "/api/v1/packaging", "{\"image\":\"tiny\",\"admin\":\"root\"}", TOKEN), 400))
                .startsWith("name must be a package name");
        assertThat(detail(call("POST", "/api/v1/packaging", "{\"name\":\"hello\",\"image\":\"tiny\",\"admin\":\"../x\"}",
                TOKEN), 400)).startsWith("user must be");
        String app = "{\"id\":\"hello\",\"name\":\"Hello\",\"icon\":\"terminal\",\"command\":\"hello\"}";
        assertThat(detail(call("POST", "/api/v1/packaging/g-000000000000/seal",
                "{\"title\":\" \",\"createdBy\":\"root\",\"applications\":[" + app + "]}", TOKEN), 400))
                .isEqualTo("title must be 1-100 characters");
        assertThat(detail(call("POST", "/api/v1/packaging/g-000000000000/seal",
                "{\"title\":\"t\",\"createdBy\":\"root\"}", TOKEN), 400)).startsWith("applications must list 1 to 16");
        assertThat(detail(call("POST", "/api/v1/packaging/g-000000000000/seal",
                "{\"title\":\"t\",\"createdBy\":\"root\",\"applications\":[" + app.replace("terminal", "gimp") + "]}",
                TOKEN), 400)).startsWith("applications[0].icon must be one of");
        HttpResponse<String> unknown = call("POST", "/api/v1/packaging/g-000000000000/seal",
                "{\"title\":\"t\",\"createdBy\":\"root\",\"applications\":[" + app + "]}", TOKEN);
        assertProblem(unknown, 404, "NOT_FOUND");
        assertThat(unknown.body()).contains("no packaging guest g-000000000000");
        assertProblem(call("POST", "/api/v1/packaging/g-000000000000/scan", null, TOKEN), 404, "NOT_FOUND");
        assertProblem(call("DELETE", "/api/v1/packaging/g-000000000000", null, TOKEN), 404, "NOT_FOUND");
    }

    @Test
    void listsImageVersions() throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/images", null, TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).findValuesAsString("id")).contains(TinyImages.currentVersion());
        JsonNode tiny = null;
        for (JsonNode v : json.readTree(r.body())) {
            if (v.path("id").asString().equals(TinyImages.currentVersion())) {
                tiny = v;
            }
        }
        assertThat(tiny.path("applications").toString())
                .isEqualTo("[{\"id\":\"shell\",\"name\":\"Shell\",\"icon\":\"terminal\"}]");
    }

    @Test
    void packagesAreListedServedRemovedAndAWrongOneRefusesTheStart() throws Exception {
        byte[] sqfs = new byte[4096];
        sqfs[0] = 'h';
        String id = PackageFixture.make(tmp.resolve("packages"), json, "demo", sqfs, Map.of());
        String other = "0123456789abcdef";

        JsonNode listed = json.readTree(call("GET", "/api/v1/packages", null, TOKEN).body());
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).path("id").asString()).isEqualTo(id);
        assertThat(call("GET", "/api/v1/packages/demo/" + id + "/manifest.json", null, TOKEN).body()).contains("\"kind\"");
        HttpResponse<String> file = call("GET", "/api/v1/packages/demo/" + id + "/files/package.sqfs", null, TOKEN);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).hasSize(4096);
        assertProblem(call("GET", "/api/v1/packages/demo/" + id + "/files/work", null, TOKEN), 404, "NOT_FOUND");
        assertProblem(call("GET", "/api/v1/packages/demo/" + other + "/manifest.json", null, TOKEN), 404, "NOT_FOUND");
        assertProblem(call("GET", "/api/v1/packages/demo/" + id + "/manifest.json", null, null), 401, "UNAUTHORIZED");

        String start = "{\"user\":\"pkg-user\",\"image\":\"tiny\",\"memoryMiB\":256,\"packages\":[%s]%s}";
        assertProblem(call("POST", "/api/v1/guests", start.formatted("{\"name\":\"demo\",\"version\":\"" + other + "\"}", ""),
                TOKEN), 404, "NOT_FOUND");
        assertThat(detail(call("POST", "/api/v1/guests", start.formatted("{\"name\":\"../x\",\"version\":\"" + id + "\"}", ""),
                TOKEN), 400)).contains("a package's name must be");
        assertThat(detail(call("POST", "/api/v1/guests", start.formatted("null", ""), TOKEN), 400))
                .contains("packages must be");
        // The package's own application is offered only to a guest that gets the package.
        assertThat(detail(call("POST", "/api/v1/guests", start.formatted("", ",\"application\":\"demo\""), TOKEN), 400))
                .contains("publishes no application 'demo'");
        assertThat(engine.list()).noneMatch(g -> g.user().equals("pkg-user"));

        assertThat(call("DELETE", "/api/v1/packages/demo/" + id, null, TOKEN).statusCode()).isEqualTo(204);
        assertProblem(call("DELETE", "/api/v1/packages/demo/" + id, null, TOKEN), 404, "NOT_FOUND");
    }

    @Test
    void startsInspectsListsAndStopsARealGuest() throws Exception {
        HttpResponse<String> started = call("POST", "/api/v1/guests",
                "{\"user\":\"api-user\",\"image\":\"tiny\",\"memoryMiB\":256,\"vcpus\":1}", TOKEN);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode guest = json.readTree(started.body());
        String id = guest.path("id").asString();
        assertThat(guest.path("state").asString()).isEqualTo("STARTING");
        assertThat(guest.path("version").asString()).isEqualTo(TinyImages.currentVersion());

        assertProblem(call("POST", "/api/v1/guests", "{\"user\":\"api-user\",\"image\":\"tiny\",\"memoryMiB\":256}", TOKEN),
                409, "CONFLICT");
        // A second guest of the user with the data disk read-only is no conflict.
        HttpResponse<String> reader = call("POST", "/api/v1/guests", "{\"user\":\"api-user\",\"image\":\"tiny\","
                + "\"memoryMiB\":256,\"application\":\"shell\",\"network\":\"NAT\",\"dataDisk\":\"READ_ONLY\"}", TOKEN);
        assertThat(reader.statusCode()).as(reader.body()).isEqualTo(202);
        JsonNode readerGuest = json.readTree(reader.body());
        assertThat(readerGuest.path("application").asString()).isEqualTo("shell");
        assertThat(readerGuest.path("network").asString()).isEqualTo("NAT");
        assertThat(readerGuest.path("dataDisk").asString()).isEqualTo("READ_ONLY");
        assertThat(call("DELETE", "/api/v1/guests/" + readerGuest.path("id").asString(), null, TOKEN).statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                json.readTree(call("GET", "/api/v1/guests/" + id, null, TOKEN).body()).path("state").asString(),
                "RUNNING"::equals);
        assertThat(call("GET", "/api/v1/guests", null, TOKEN).body()).contains(id);

        HttpResponse<String> stopping = call("DELETE", "/api/v1/guests/" + id, null, TOKEN);
        assertThat(stopping.statusCode()).isEqualTo(202);
        assertThat(json.readTree(stopping.body()).path("state").asString()).isIn("STOPPING", "STOPPED");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                json.readTree(call("GET", "/api/v1/guests/" + id, null, TOKEN).body()).path("state").asString(),
                "STOPPED"::equals);
    }
}
