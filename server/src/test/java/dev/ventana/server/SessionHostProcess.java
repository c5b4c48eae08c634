package dev.ventana.server;

import org.springframework.jdbc.core.simple.JdbcClient;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real session host, started from its packaged jar as the all-in-one launcher does, joining
 * the server at {@code serverPort}. Its run directory (and so its guests) is its own; the data
 * directory of users' disks may be shared by the hosts of a farm. It can be killed as a crashed
 * JVM is (its guests run on) or as a dead machine is (they die too), and started again on the
 * same port and run directory.
 */
public final class SessionHostProcess implements AutoCloseable {
    public static final String FARM_TOKEN = "e2e-farm-token-0123456789abcdef";
    private final List<String> command;
    private final int port;
    private final Path workDir;
    private final Path log;
    private final TestCertificate tls;
    private Process process;

    /**
     * @param workDir holds the host's run directory and its log
     * @param dataDir users' data disks; the hosts of one farm share it
     * @param settings further {@code --name=value} arguments, such as the capacity
     */
    public record Settings(String name, Path workDir, Path dataDir, int serverPort, List<String> settings,
                           Path imagesDir) {

        /** On the images the build made: a host that writes versions (maintenance) gets its own directory. */
        public Settings(String name, Path workDir, Path dataDir, int serverPort, List<String> settings) {
            this(name, workDir, dataDir, serverPort, settings, Path.of(TestMachine.required("ventana.images.dir")));
        }
    }

    private SessionHostProcess(Settings s, TestCertificate tls) throws IOException {
        this.tls = tls;
        port = TestMachine.freePort();
        workDir = s.workDir().toAbsolutePath();
        Files.createDirectories(workDir);
        log = workDir.resolve("session-host.log");
        String scheme = tls == null ? "http" : "https";
        command = new ArrayList<>(List.of(TestMachine.java()));
        if (tls != null) {
            command.addAll(tls.trustedByJvm());
        }
        command.addAll(List.of("-jar", TestMachine.required("ventana.session-host.jar"),
                "--server.port=" + port,
                "--ventana.host.farm-token=" + FARM_TOKEN,
                "--ventana.host.images-dir=" + s.imagesDir(),
                "--ventana.host.run-dir=" + runDir(),
                "--ventana.host.data-dir=" + s.dataDir().toAbsolutePath(),
                "--ventana.host.accel=tcg",
                "--ventana.host.server-url=" + scheme + "://127.0.0.1:" + s.serverPort(),
                "--ventana.host.name=" + s.name(),
                "--ventana.host.url=" + scheme + "://127.0.0.1:" + port,
                "--ventana.host.heartbeat-interval=1s"));
        if (s.settings().stream().noneMatch(a -> a.startsWith("--ventana.host.packages-dir="))) {
            command.add("--ventana.host.packages-dir=" + workDir.resolve("packages"));
        }
        if (s.settings().stream().noneMatch(a -> a.startsWith("--ventana.host.instant-on="))) {
            // Every first launch of a version would make a template in the background: a boot's
            // worth of CPU that tests of other things do not need. Instant-on's tests ask for it.
            command.add("--ventana.host.instant-on=false");
        }
        if (tls != null) {
            command.addAll(List.of("--spring.ssl.bundle.jks.host.keystore.location=file:" + tls.keyStore(),
                    "--spring.ssl.bundle.jks.host.keystore.password=" + tls.password(),
                    "--spring.ssl.bundle.jks.host.keystore.type=PKCS12", "--server.ssl.bundle=host"));
        }
        command.addAll(s.settings());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Hard-links the build's current version of {@code image} into {@code <imagesDir>/<image>/};
     * returns its id. For a host whose images directory must be its own because it writes versions
     * (maintenance): versions are never modified, so links share the build's files safely.
     */
    public static String linkCurrentVersion(String image, Path imagesDir) throws IOException {
        Path built = Path.of(TestMachine.required("ventana.images.dir")).resolve(image);
        String id = Files.readSymbolicLink(built.resolve("current")).getFileName().toString();
        Path dir = Files.createDirectories(imagesDir.resolve(image).resolve(id));
        try (java.util.stream.Stream<Path> files = Files.list(built.resolve(id))) {
            for (Path f : files.toList()) {
                Files.createLink(dir.resolve(f.getFileName()), f);
            }
        }
        return id;
    }

    /** Starts the host without waiting for it, so that several start at once; see {@link #awaitReady}. */
    public static SessionHostProcess launch(Settings settings) throws IOException {
        return new SessionHostProcess(settings, null);
    }

    /**
     * A host that serves its agent API over HTTPS with {@code certificate} and joins a server over
     * HTTPS, trusting that same certificate (docs/session-host.md, "TLS between server and hosts").
     */
    public static SessionHostProcess launchOverTls(Settings settings, TestCertificate certificate) throws IOException {
        return new SessionHostProcess(settings, certificate);
    }

    /**
     * Starts a host in a new directory under target/ that joins the server under test, whose port
     * is chosen here so that the host knows it before the server starts. Call {@link
     * #awaitJoined} before launching: the host reports once the server answers.
     */
    public static SessionHostProcess startFor(DynamicPropertyRegistry registry, String prefix)
            throws IOException, InterruptedException {
        return startFor(registry, prefix, null);
    }

    /** As above, on {@code imagesDir} (null: the build's images). */
    public static SessionHostProcess startFor(DynamicPropertyRegistry registry, String prefix, Path imagesDir)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
        int serverPort = TestMachine.freePort();
        Path hostDir = work.resolve("host");
        String name = prefix.replaceAll("[^a-z0-9]", "") + "-host";
        SessionHostProcess host = launch(imagesDir == null
                ? new Settings(name, hostDir, hostDir.resolve("data"), serverPort, List.of())
                : new Settings(name, hostDir, hostDir.resolve("data"), serverPort, List.of(), imagesDir));
        host.awaitReady();
        registry.add("server.port", () -> serverPort);
        registry.add("ventana.data-dir", () -> work.resolve("server").toString());
        return host;
    }

    /** Waits until the host's heartbeats made it UP in the farm and the default pool has a version. */
    public void awaitJoined(JdbcClient jdbc) throws IOException, InterruptedException {
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

    public URI url() {
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Path runDir() {
        return workDir.resolve("run");
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The host's JVM, the way it runs now. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** The QEMU guests started from this host's run directory, whether or not the host still runs. */
    public List<ProcessHandle> guests() {
        String dir = runDir().toString() + "/";
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("qemu-system") && c.contains(dir)).orElse(false))
                .toList();
    }

    /** {@code kill -9} of the host's JVM alone, as a crash: its guests run on (systemd's KillMode=process). */
    public void killHost() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the session host survived SIGKILL for 30 s");
        }
    }

    /** {@code kill -9} of the host and then of its guests, as when the machine dies (no heartbeat reports them). */
    public void killMachine() throws InterruptedException {
        killHost();
        List<ProcessHandle> guests = guests();
        guests.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle guest : guests) {
            guest.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    /** Starts the host again on the same port and run directory (it re-adopts live guests), appending to its log. */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("the session host still runs");
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until the agent API answers. */
    public void awaitReady() throws IOException, InterruptedException {
        HttpClient http = tls == null ? HttpClient.newHttpClient()
                : HttpClient.newBuilder().sslContext(tls.clientContext()).build();
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
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Guests outlive their host by design (the next host re-adopts them); a test leaves none.
        guests().forEach(ProcessHandle::destroyForcibly);
    }
}
