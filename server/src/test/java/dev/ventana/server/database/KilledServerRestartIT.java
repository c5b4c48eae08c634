package dev.ventana.server.database;

import dev.ventana.server.Http;
import dev.ventana.server.TestMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged server is killed with {@code kill -9} and started again on the same data
 * directory, as systemd's Restart=on-failure would: it comes up quickly, takes over from the
 * PostgreSQL the dead server left running, and the browser that had signed in is still signed in.
 */
class KilledServerRestartIT {
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(30);
    private static final String PASSWORD = "restart-admin-password";

    @TempDir
    Path temp;
    private final List<Process> servers = new ArrayList<>();

    @Test
    void aServerKilledAndStartedAgainKeepsItsDatabaseAndItsSignIns() throws Exception {
        Path data = temp.resolve("data");
        int port = TestMachine.freePort();
        long starting = System.nanoTime();
        start(data, port, "first.log");
        awaitHealthy(port, Duration.ofSeconds(120), "first.log");
        System.out.println("First start healthy in " + Duration.ofNanos(System.nanoTime() - starting).toMillis() + " ms");

        Http browser = new Http(port);
        HttpResponse<String> signIn = browser.postForm("/login", Map.of("username", "admin", "password", PASSWORD));
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertSignedIn(browser);

        long postgresPid = PostmasterPidFile.in(data.resolve("postgres")).orElseThrow().pid();
        Process first = servers.getFirst();
        first.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is not stopped
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(postgresPid).map(ProcessHandle::isAlive))
                .as("the killed server's PostgreSQL is left running, orphaned").hasValue(true);

        long restarting = System.nanoTime();
        start(data, port, "second.log");
        awaitHealthy(port, HEALTHY_WITHIN, "second.log");
        Duration restart = Duration.ofNanos(System.nanoTime() - restarting);
        System.out.println("Restarted after kill -9 and healthy in " + restart.toMillis() + " ms");

        assertThat(ProcessHandle.of(postgresPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the orphaned PostgreSQL was stopped").isFalse();
        assertThat(Files.readString(temp.resolve("second.log"))).contains("that an earlier server left running")
                .doesNotContain("\tat ");
        assertSignedIn(browser);
    }

    /** The viewer's calls: cookie-authenticated, with the same-origin header. */
    private static void assertSignedIn(Http browser) {
        HttpResponse<String> me = browser.get("/api/v1/me", "X-Ventana-Request", "1");
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"admin\"");
        HttpResponse<String> ticket = browser.postJson("/api/v1/sessions/" + UUID.randomUUID() + "/tickets", "{}",
                "X-Ventana-Request", "1");
        assertThat(ticket.statusCode()).as("an unknown session, but not an unknown caller: " + ticket.body())
                .isNotIn(401, 403);
    }

    @AfterEach
    void stopServers() throws Exception {
        for (Process server : servers) {
            server.destroy(); // SIGTERM: a graceful stop, which also stops PostgreSQL
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        // Never leave a PostgreSQL behind on the machine, whatever failed above.
        new LeftoverPostgres(Duration.ofSeconds(30)).stopIfRunning(temp.resolve("data/postgres"));
    }

    private void start(Path data, int port, String logName) throws IOException {
        String jar = System.getProperty("ventana.server.jar");
        assertThat(jar).as("failsafe passes the packaged jar as ventana.server.jar").isNotNull();
        List<String> command = List.of(TestMachine.java(), "-jar", jar,
                "--ventana.data-dir=" + data, "--server.port=" + port, "--ventana.admin-password=" + PASSWORD);
        servers.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve(logName).toFile()).start());
    }

    private void awaitHealthy(int port, Duration within, String logName) throws Exception {
        Http probe = new Http(port);
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(servers.getLast().isAlive()).as(() -> log(logName)).isTrue();
            try {
                if (probe.get("/actuator/health").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // go on waiting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not healthy within " + within.toSeconds() + " s:\n" + log(logName));
    }

    private String log(String name) {
        try {
            return Files.readString(temp.resolve(name));
        } catch (IOException e) {
            return e.toString();
        }
    }

}
