package dev.ventana.server.desktop;

import dev.ventana.server.TestMachine;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The real session host, started from its packaged jar as the all-in-one launcher does. */
final class SessionHostProcess implements AutoCloseable {
    static final String FARM_TOKEN = "e2e-farm-token-0123456789abcdef";
    private final Process process;
    private final int port;
    private final Path log;
    private final Path workDir;

    SessionHostProcess(Path workDir, String name, int serverPort) throws IOException, InterruptedException {
        String jar = TestMachine.required("ventana.session-host.jar");
        String images = TestMachine.required("ventana.images.dir");
        port = TestMachine.freePort();
        this.workDir = workDir.toAbsolutePath();
        Files.createDirectories(workDir);
        log = workDir.resolve("session-host.log");
        process = new ProcessBuilder(List.of(
                TestMachine.java(), "-jar", jar,
                "--server.port=" + port,
                "--ventana.host.farm-token=" + FARM_TOKEN,
                "--ventana.host.images-dir=" + images,
                "--ventana.host.run-dir=" + workDir.resolve("run"),
                "--ventana.host.data-dir=" + workDir.resolve("data"),
                "--ventana.host.accel=tcg",
                "--ventana.host.server-url=http://127.0.0.1:" + serverPort,
                "--ventana.host.name=" + name,
                "--ventana.host.url=http://127.0.0.1:" + port,
                "--ventana.host.heartbeat-interval=1s"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady();
    }

    /**
     * Starts a host in a new directory under target/ that joins the server under test, whose port
     * is chosen here so that the host knows it before the server starts. Call {@link
     * #awaitJoined} before launching: the host reports once the server answers.
     */
    static SessionHostProcess startFor(DynamicPropertyRegistry registry, String prefix) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
        int serverPort = TestMachine.freePort();
        SessionHostProcess host = new SessionHostProcess(work.resolve("host"), prefix.replaceAll("[^a-z0-9]", "") + "-host",
                serverPort);
        registry.add("server.port", () -> serverPort);
        registry.add("ventana.data-dir", () -> work.resolve("server").toString());
        return host;
    }

    /** Waits until the host's heartbeats made it UP in the farm and the default pool has a version. */
    void awaitJoined(org.springframework.jdbc.core.simple.JdbcClient jdbc) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            boolean up = jdbc.sql("SELECT count(*) FROM hosts WHERE state = 'UP'").query(Integer.class).single() > 0;
            boolean published = jdbc.sql("SELECT count(*) FROM desktop_pools WHERE name = 'desktop' AND current_version_id IS NOT NULL")
                    .query(Integer.class).single() > 0;
            if (up && published) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the session host did not join the farm within 60 s:\n" + log());
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the session host exited:\n" + log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url().resolve("/api/v1/images"))
                        .header("Authorization", "Bearer " + FARM_TOKEN).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the session host did not answer within 90 s:\n" + log());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Guests outlive their host by design (the next host re-adopts them); a test leaves none.
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("qemu") && c.contains(workDir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
