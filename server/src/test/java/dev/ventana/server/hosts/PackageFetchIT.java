package dev.ventana.server.hosts;

import dev.ventana.server.Http;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.TestMachine;
import dev.ventana.server.packages.PackageApi;
import dev.ventana.server.packages.PackageBundles;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A package uploaded to the server reaches a real session host that lacks it (docs/api.md,
 * "Farm: distributing versions"): the default pool lists it, a launch names it in the start
 * request, the host fetches it by hash from the server's farm endpoint, attaches it and reports
 * it in its heartbeats; deleting it once nothing uses it removes it from the host too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256", "ventana.admin-password=" + PackageFetchIT.ADMIN_PASSWORD})
class PackageFetchIT {
    static final String ADMIN_PASSWORD = "package fetch admin password";
    private static final Duration BOOT = Duration.ofSeconds(150);
    private static final String PUBLISHED =
            "SELECT count(*) FROM desktop_pools WHERE name = 'desktop' AND current_version_id IS NOT NULL";
    static SessionHostProcess host;
    static Path packagesDir;
    static Path scratch;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void farm(DynamicPropertyRegistry registry) throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pkgf-");
        packagesDir = Files.createDirectories(work.resolve("packages"));
        scratch = Files.createDirectories(work.resolve("scratch"));
        int serverPort = TestMachine.freePort();
        host = SessionHostProcess.launch(new SessionHostProcess.Settings("pkgf-host", work.resolve("host"),
                work.resolve("data"), serverPort, List.of("--ventana.host.packages-dir=" + packagesDir)));
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
    void anUploadedPackageIsFetchedByTheHostAttachedReportedAndDeleted() throws Exception {
        await("the host UP and the pool published").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT count(*) FROM hosts WHERE state = 'UP'") == 1 && count(PUBLISHED) == 1);
        FarmApi api = new FarmApi(port, ADMIN_PASSWORD);
        PackageApi packages = new PackageApi(port, api.adminBearer());
        PackageBundles.Version demo = PackageBundles.version(scratch, "demo", "tiny", "demo|Demo|terminal|echo demo");
        packages.uploaded(demo);
        String list = "{\"packages\":[{\"name\":\"demo\",\"version\":\"" + demo.id() + "\"}]}";
        assertThat(api.asAdmin("PUT", "/api/v1/admin/pools/desktop/packages", list).statusCode()).isEqualTo(200);

        String user = api.newUser("pkgf-user");
        UUID session = api.launched(user);
        await("the session RUNNING").atMost(BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("RUNNING", "FAILED").contains(api.state(user, session)));
        assertThat(api.session(user, session).get("state").asString()).as(host.log()).isEqualTo("RUNNING");
        Path fetched = packagesDir.resolve("demo").resolve(demo.id());
        assertThat(Files.readAllBytes(fetched.resolve("package.sqfs"))).isEqualTo(demo.sqfs());
        assertThat(Files.readAllBytes(fetched.resolve("manifest.json"))).isEqualTo(demo.manifest());
        String guest = FarmApi.guestOf(host, "pkgf-user");
        JsonNode onHost = FarmApi.json(new Http(host.port()).get("/api/v1/guests/" + guest,
                "Authorization", "Bearer " + SessionHostProcess.FARM_TOKEN).body());
        assertThat(onHost.get("packages")).singleElement().satisfies(p -> {
            assertThat(p.get("name").asString()).isEqualTo("demo");
            assertThat(p.get("version").asString()).isEqualTo(demo.id());
        });
        await("the host reports the package").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> packages.versions("demo").get(0).get("hosts").toString().equals("[\"pkgf-host\"]"));

        HttpResponse<String> used = packages.delete("demo", demo.id());
        assertThat(used.statusCode()).as(used.body()).isEqualTo(409);
        api.logOff(user, session);
        assertThat(api.asAdmin("PUT", "/api/v1/admin/pools/desktop/packages", "{\"packages\":[]}").statusCode())
                .isEqualTo(200);
        await("the session over").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("STOPPED", "FAILED").contains(api.state(user, session)));
        assertThat(packages.delete("demo", demo.id()).statusCode()).isEqualTo(204);
        await("the host's copy deleted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !Files.exists(fetched));
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }
}
