package dev.ventana.server.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.server.SessionHostProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Application packages through the server and a real session host with tiny guests: the admin
 * uploads two versions of a package bundle (made by deploy/packages/make.sh) and adds the first to
 * the default pool; the user's session gets it; the admin moves the pool to the second version,
 * the running session keeps the first and is told, and the user's next session has the second
 * with the setting saved in the first, on the same golden image version. Deletion follows the
 * image versions' rules.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256", "ventana.admin-password=" + PackagesIT.ADMIN_PASSWORD})
class PackagesIT {
    static final String ADMIN_PASSWORD = "packages admin password";
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Duration SOON = Duration.ofSeconds(30);
    static SessionHostProcess host;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void farm(DynamicPropertyRegistry registry) throws Exception {
        // The build's current tiny alone: a directory with older versions would publish whichever came first.
        Path images = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "packages-images-");
        SessionHostProcess.linkCurrentVersion("tiny", images);
        host = SessionHostProcess.startFor(registry, "packages-", images);
    }

    @AfterAll
    static void stopHost() {
        if (host != null) {
            host.close();
            host = null;
        }
    }

    @Test
    void aPoolsPackageVersionReachesTheNextLogonWithTheGoldenImageUnchanged() throws Exception {
        host.awaitJoined(jdbc);
        FarmApi api = new FarmApi(port, ADMIN_PASSWORD);
        byte[] one = bundle(1);
        String p1 = upload(api, one);
        String p2 = upload(api, bundle(2));
        assertThat(api.uploadAsAdmin("/api/v1/admin/packages/notes/versions", one).statusCode())
                .as("the same version again").isEqualTo(409);
        assertThat(api.uploadAsAdmin("/api/v1/admin/packages/other/versions", one).statusCode())
                .as("a bundle of another package's name").isEqualTo(400);
        JsonNode listed = FarmApi.json(api.asAdmin("GET", "/api/v1/admin/packages", null).body());
        assertThat(listed.findValuesAsString("version")).contains(p1, p2);

        HttpResponse<String> set = api.asAdmin("PUT", "/api/v1/admin/pools/desktop/packages",
                "{\"packages\":[{\"name\":\"notes\",\"version\":\"" + p1 + "\"}]}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        String token = api.newUser("pat");
        UUID first = api.launched(token);
        await("the session runs").atMost(BOOT).until(() -> api.state(token, first).equals("RUNNING"));
        String image = api.session(token, first).get("imageVersion").asString();
        Path guest = guestDir();
        SerialConsole.run(guest, "ventana-pkg-run notes user notes", "notes says version=1", BOOT);
        SerialConsole.run(guest, "ventana-pkg-run notes root sh -c 'echo colour=blue > /etc/notes-setting'; sync; "
                + "echo SAVED-$((40+2))", "SAVED-42", SOON);

        HttpResponse<String> moved = api.asAdmin("PUT", "/api/v1/admin/pools/desktop/packages",
                "{\"packages\":[{\"name\":\"notes\",\"version\":\"" + p2 + "\"}]}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(FarmApi.json(moved.body()).get("sessionsTold").asInt()).isEqualTo(1);
        assertThat(api.asAdmin("DELETE", "/api/v1/admin/packages/notes/versions/" + p1, null).statusCode())
                .as("a live session has it").isEqualTo(409);
        SerialConsole.run(guest, "ventana-pkg-run notes user sh -c 'notes; echo KEPT-$((1+1))'", "KEPT-2", SOON);
        assertThat(Files.readString(guest.resolve("console.log"))).doesNotContain("notes says version=2");

        api.logOff(token, first);
        await("logged off").atMost(SOON).until(() -> api.state(token, first).equals("STOPPED"));
        UUID second = api.launched(token);
        await("the next session runs").atMost(BOOT).until(() -> api.state(token, second).equals("RUNNING"));
        assertThat(api.session(token, second).get("imageVersion").asString()).as("the golden image is unchanged")
                .isEqualTo(image);
        Path next = guestDir();
        SerialConsole.run(next, "ventana-pkg-run notes user notes", "notes says version=2", BOOT);
        SerialConsole.run(next, "ventana-pkg-run notes user cat /etc/notes-setting", "colour=blue", SOON);

        assertThat(api.asAdmin("DELETE", "/api/v1/admin/packages/notes/versions/" + p2, null).statusCode())
                .as("the pool lists it").isEqualTo(409);
        assertThat(api.asAdmin("DELETE", "/api/v1/admin/packages/notes/versions/" + p1, null).statusCode())
                .as("nobody has it any more").isEqualTo(204);
        api.logOff(token, second);
    }

    private static String upload(FarmApi api, byte[] bundle) {
        HttpResponse<String> r = api.uploadAsAdmin("/api/v1/admin/packages/notes/versions", bundle);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return FarmApi.json(r.body()).get("version").asString();
    }

    private Path guestDir() {
        return host.runDir().resolve(FarmApi.guestOf(host, "pat"));
    }

    /** Version n of the notes package as an upload bundle, made by deploy/packages/make.sh. */
    private static byte[] bundle(int n) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "notes-" + n + "-");
        Path tree = work.resolve("tree");
        Files.createDirectories(tree.resolve("etc"));
        Files.createDirectories(tree.resolve("usr/bin"));
        Files.writeString(tree.resolve("etc/notes.conf"), "version=" + n + "\n");
        Path cmd = tree.resolve("usr/bin/notes");
        Files.writeString(cmd, "#!/bin/sh\necho \"notes says $(cat /etc/notes.conf)\"\n");
        cmd.toFile().setExecutable(true, false);
        Path bundle = work.resolve("notes.tar.gz");
        Process make = new ProcessBuilder("bash", Path.of("..").toAbsolutePath().normalize().resolve("deploy/packages/make.sh")
                .toString(), "--name", "notes", "--from", tree.toString(), "--out", work.resolve("out").toString(),
                "--made-for", "tiny", "--title", "Notes " + n, "--app", "notes|Notes|editor|notes", "--bundle",
                bundle.toString()).redirectErrorStream(true).start();
        String out = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(make.waitFor(2, TimeUnit.MINUTES) && make.exitValue() == 0).as(out).isTrue();
        return Files.readAllBytes(bundle);
    }
}
