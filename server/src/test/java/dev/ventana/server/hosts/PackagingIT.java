package dev.ventana.server.hosts;

import dev.ventana.server.Http;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.TestMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's packaging calls against a real session host (needs the host's /api/v1/packaging,
 * pkg-contracts-2.md): New package boots a packaging guest of tiny as the admin's session, which
 * the host's heartbeats keep RUNNING; tiny has no packaging mode, so a seal is refused in our
 * vocabulary (502, the guest's reason) and the work kept; Discard stops the guest and the host
 * holds no work any more. Making a real package needs the office image (the guest side's tests).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256", "ventana.admin-password=" + PackagingIT.ADMIN_PASSWORD})
class PackagingIT {
    static final String ADMIN_PASSWORD = "packaging admin password";
    private static final Duration BOOT = Duration.ofSeconds(150);
    private static final String APPS = "[{\"id\":\"demo\",\"name\":\"Demo\",\"icon\":\"terminal\",\"command\":\"demo\"}]";
    static SessionHostProcess host;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void farm(DynamicPropertyRegistry registry) throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pkging-");
        int serverPort = TestMachine.freePort();
        host = SessionHostProcess.launch(new SessionHostProcess.Settings("pkging-host", work.resolve("host"),
                work.resolve("data"), serverPort, List.of("--ventana.host.packages-dir="
                        + Files.createDirectories(work.resolve("packages")))));
        host.awaitReady();
        registry.add("server.port", () -> serverPort);
        registry.add("ventana.data-dir", () -> work.resolve("server").toString());
    }

    @AfterAll
    static void stopHost() {
        if (host != null) {
            host.close();
            host = null;
        }
    }

    @Test
    void aPackagingGuestRunsAsTheAdminsSessionAndIsDiscarded() throws Exception {
        await("the host UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> jdbc.sql("SELECT count(*) FROM hosts WHERE state = 'UP'").query(Integer.class).single() == 1);
        FarmApi api = new FarmApi(port, ADMIN_PASSWORD);
        String path = "/api/v1/admin/packages/demo/packaging";

        HttpResponse<String> started = api.asAdmin("POST", path, "{\"image\":\"tiny\",\"memoryMiB\":256}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode work = FarmApi.json(started.body());
        String session = work.get("session").asString();
        String guest = work.get("guestId").asString();
        assertThat(work.get("host").asString()).isEqualTo("pkging-host");
        await("the packaging guest RUNNING").atMost(BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("RUNNING", "FAILED", "STOPPED").contains(state(api, path)));
        assertThat(state(api, path)).as(host.log()).isEqualTo("RUNNING");
        JsonNode own = FarmApi.json(new Http(port).get("/api/v1/sessions/" + session, "Authorization",
                api.adminBearer()).body());
        assertThat(own.get("packagingOf").asString()).isEqualTo("demo");
        JsonNode onHost = FarmApi.json(new Http(host.port()).get("/api/v1/packaging", "Authorization",
                "Bearer " + SessionHostProcess.FARM_TOKEN).body());
        assertThat(onHost.toString()).contains(guest, "\"name\":\"demo\"", "\"admin\":\"admin\"");

        HttpResponse<String> second = api.asAdmin("POST", path, "{\"image\":\"tiny\",\"version\":\"0000000000000000\"}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);

        HttpResponse<String> sealed = api.asAdmin("POST", path + "/seal", "{\"title\":\"Demo\",\"applications\":"
                + APPS + "}");
        assertThat(sealed.statusCode()).as("tiny has no packaging mode: " + sealed.body()).isEqualTo(502);
        assertThat(FarmApi.json(sealed.body()).get("error").asString()).isEqualTo("UPSTREAM_FAILED");
        assertThat(state(api, path)).as("the work kept, the guest running").isEqualTo("RUNNING");

        assertThat(api.asAdmin("DELETE", path, null).statusCode()).isEqualTo(204);
        assertThat(api.asAdmin("GET", path, null).statusCode()).isEqualTo(404);
        assertThat(new Http(host.port()).get("/api/v1/packaging", "Authorization",
                "Bearer " + SessionHostProcess.FARM_TOKEN).body()).isEqualTo("[]");
        await("the guest gone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> FarmApi.liveGuests(host).isEmpty());
        assertThat(jdbc.sql("SELECT state FROM sessions WHERE id = ?::uuid").param(session).query(String.class).single())
                .isEqualTo("STOPPED");
    }

    private static String state(FarmApi api, String path) {
        HttpResponse<String> work = api.asAdmin("GET", path, null);
        return work.statusCode() == 404 ? "GONE" : FarmApi.json(work.body()).get("sessionState").asString();
    }
}
