package dev.ventana.server.hosts;

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

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new version reaches the host that lacks it, and only its new layer travels (docs/session-host.md,
 * "Fetching versions"). Two real session hosts, each on images of its own holding only tiny's built
 * version v0; the server in this JVM. A maintenance guest on one of them (X) gets a new message of
 * the day and is sealed as v1, a layer on v0 that only X holds. v1 is published and X drained: Y,
 * which takes new sessions, is given v1 ahead of its users (broker.FarmPrefetch) and fetches it from
 * X before anyone launches; the next launch goes to Y and boots v1 with no transfer, showing the
 * new message. Y has v0 already: it takes v0's identical files by hard link and receives nothing
 * but v1's own base.qcow2. (A launch that needs a version its host lacks fetches it before the
 * boot: the session host's VersionDistributionTest.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256", "ventana.admin-password=" + VersionFetchIT.ADMIN_PASSWORD})
class VersionFetchIT {
    static final String ADMIN_PASSWORD = "version fetch admin password";
    private static final Duration BOOT = Duration.ofSeconds(150);
    private static final String MOTD = "fetched-layer";
    /** VersionFetch's line once a version is in place: version, bytes received, source, parent. */
    private static final Pattern RECEIVED =
            Pattern.compile("version (\\w+): received (\\d+) bytes from (\\S+) \\(layered on (\\w+)[,)]");
    private static final String PUBLISHED =
            "SELECT count(*) FROM desktop_pools WHERE name = 'desktop' AND current_version_id IS NOT NULL";
    /** Per host name: the host and its own images directory. */
    static Map<String, Member> hosts;
    static String v0;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    private final long started = System.nanoTime();

    record Member(SessionHostProcess process, Path images) {
    }

    @DynamicPropertySource
    static void farm(DynamicPropertyRegistry registry) throws Exception {
        // Short names: QEMU's unix socket paths under the run directories must stay under 108 bytes.
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "fetch-");
        int serverPort = TestMachine.freePort();
        hosts = Map.of("fetch-a", member("fetch-a", work, serverPort),
                "fetch-b", member("fetch-b", work, serverPort));
        for (Member f : hosts.values()) {
            f.process().awaitReady();
        }
        registry.add("server.port", () -> serverPort);
        registry.add("ventana.data-dir", () -> work.resolve("server").toString());
    }

    /** A host on a private images directory of hard links to the build's v0: sealing writes beside it. */
    private static Member member(String name, Path work, int serverPort) throws IOException {
        Path images = work.resolve(name.substring(6) + "-images");
        v0 = SessionHostProcess.linkCurrentVersion("tiny", images);
        return new Member(SessionHostProcess.launch(new SessionHostProcess.Settings(name, work.resolve(name.substring(6)),
                work.resolve("data"), serverPort, List.of(), images)), images);
    }

    @AfterAll
    static void stopHosts() {
        if (hosts != null) {
            hosts.values().forEach(f -> f.process().close());
            hosts = null;
        }
    }

    @Test
    void aPublishedVersionReachesTheHostThatLacksItAheadOfItsUsersOnlyItsLayerTravellingAndALaunchBootsIt() throws Exception {
        // 1. Both hosts UP, the default pool published on v0, which both hold.
        await("both hosts UP and the pool published").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT count(*) FROM hosts WHERE state = 'UP'") == 2 && count(PUBLISHED) == 1);
        assertThat(poolVersion()).isEqualTo(v0);
        FarmApi api = new FarmApi(port, ADMIN_PASSWORD);
        step("1: both hosts UP, the pool on " + v0);

        // 2. Maintenance on v0, changed and sealed: v1 is a layer on v0, on host X alone.
        String path = "/api/v1/admin/images/tiny/maintenance";
        JsonNode work = ok(api.asAdmin("POST", path, "{\"version\":\"" + v0 + "\",\"memoryMiB\":256}"), 202);
        String x = work.get("host").asString();
        String y = x.equals("fetch-a") ? "fetch-b" : "fetch-a";
        Member onX = hosts.get(x);
        Member onY = hosts.get(y);
        await("the maintenance guest RUNNING").atMost(BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> ok(api.asAdmin("GET", path, null), 200).get("sessionState").asString().equals("RUNNING"));
        // The admin's change, typed on the serial console once the guest's init is done: v1 differs
        // from v0 in its layer alone, and Y's boot shows which version it is.
        SerialConsole.run(onX.process().runDir().resolve(work.get("guestId").asString()),
                "echo " + MOTD + " > /etc/ventana-motd && sync && echo SET-$(cat /etc/ventana-motd)", "SET-" + MOTD, BOOT);
        step("2: maintenance guest RUNNING on " + x + ", its motd changed");
        JsonNode sealed = ok(api.asAdmin("POST", path + "/seal", "{\"title\":\"" + MOTD + "\"}"), 200);
        String v1 = sealed.get("version").asString();
        assertThat(sealed.get("parent").asString()).isEqualTo(v0);
        assertThat(sealed.get("registered").asBoolean()).as("the farm lists it").isTrue();
        Path yVersions = onY.images().resolve("tiny");
        Path xVersions = onX.images().resolve("tiny");
        assertThat(Files.isSameFile(xVersions.resolve(v1).resolve("vmlinuz"), xVersions.resolve(v0).resolve("vmlinuz")))
                .as("the seal keeps v0's kernel, not a copy").isTrue();
        assertThat(yVersions.resolve(v1)).as(y + " lacks v1").doesNotExist();
        step("2: sealed as " + v1 + " on " + x + " (" + sealed.get("sizeBytes").asLong() + " bytes of its own)");

        // 3. v1 published; X drained, so only Y takes new sessions.
        ok(api.asAdmin("PUT", "/api/v1/admin/pools/desktop/version", "{\"version\":\"" + v1 + "\"}"), 200);
        assertThat(api.drain(x, true)).isEqualTo("DRAINING");

        // 3b. Y gets v1 from X ahead of its users: no launch yet.
        await(y + " holds v1 before any launch").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.isDirectory(yVersions.resolve(v1)));
        assertThat(count("SELECT count(*) FROM sessions s JOIN image_versions v ON v.id = s.image_version_id"
                + " WHERE v.label = '" + v1 + "'")).as("no session on v1 yet").isZero();
        step("3: " + y + " prefetched " + v1);

        // 4. A user's launch lands on Y, which boots v1 at once.
        String user = api.newUser("fetch-user");
        UUID session = api.launched(user);
        assertThat(jdbc.sql("SELECT h.name FROM sessions s JOIN hosts h ON h.id = s.host_id WHERE s.id = ?")
                .param(session).query(String.class).single()).isEqualTo(y);
        await("the session RUNNING on " + y).atMost(BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> api.state(user, session).equals("RUNNING"));
        assertThat(api.session(user, session).get("imageVersion").asString()).isEqualTo(v1);
        Path console = onY.process().runDir().resolve(FarmApi.guestOf(onY.process(), "fetch-user")).resolve("console.log");
        await("the new version's motd at boot").atMost(BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(console, StandardCharsets.ISO_8859_1).contains("ventana: motd: " + MOTD));
        step("4: the session RUNNING on " + y + " on " + v1);

        // 5. Y holds v1 whole, v0's identical files linked rather than copied, and received only v1's base.
        Path own = yVersions.resolve(v1);
        Path parent = yVersions.resolve(v0);
        List<String> files = fileNames(xVersions.resolve(v1));
        assertThat(fileNames(own)).as("every file of v1").isEqualTo(files);
        for (String name : files) {
            if (!name.equals("base.qcow2") && !name.equals("manifest.json")) {
                assertThat(Files.isSameFile(own.resolve(name), parent.resolve(name))).as(name + " linked to v0's").isTrue();
            }
        }
        assertThat(Files.isSameFile(own.resolve("base.qcow2"), parent.resolve("base.qcow2"))).isFalse();
        long layer = Files.size(own.resolve("base.qcow2"));
        long full = Files.size(parent.resolve("base.qcow2"));
        String log = onY.process().log();
        Matcher received = RECEIVED.matcher(log);
        assertThat(received.find()).as(y + " logs the fetch").isTrue();
        assertThat(log.indexOf("image tiny/" + v1 + ")")).as("booted once fetched").isGreaterThan(received.end());
        assertThat(received.group(1)).isEqualTo(v1);
        assertThat(received.group(3)).as("fetched from X").startsWith(onX.process().url().toString());
        assertThat(received.group(4)).isEqualTo(v0);
        assertThat(Long.parseLong(received.group(2))).as("only v1's own base travelled").isEqualTo(layer);
        assertThat(layer).as("v1's layer against v0's full base").isLessThan(full / 2);
        assertThat(received.find()).as("one fetch, of v1 alone").isFalse();
        step("5: " + y + " received " + layer + " bytes (v1's base.qcow2) against v0's base.qcow2 of " + full);
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private String poolVersion() {
        return jdbc.sql("""
                SELECT v.label FROM desktop_pools p JOIN image_versions v ON v.id = p.current_version_id
                 WHERE p.name = 'desktop'""").query(String.class).single();
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(status);
        return FarmApi.json(response.body());
    }

    private void step(String what) {
        System.out.printf("VersionFetchIT %5.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
    }
}
