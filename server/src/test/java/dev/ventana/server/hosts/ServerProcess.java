package dev.ventana.server.hosts;

import dev.ventana.server.Http;
import dev.ventana.server.TestMachine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server jar as a process of its own, with its own data directory and embedded
 * PostgreSQL, as a farm's server runs: the test reaches it only over HTTP, and its database only
 * to read the audit trail, which has no API.
 */
public final class ServerProcess implements AutoCloseable {
    private final ProcessBuilder builder;
    private Process process;
    private final int port;
    private final int databasePort;
    private final Path dataDir;
    private final Path log;

    ServerProcess(Path dataDir, String farmToken, String adminPassword, List<String> settings) throws IOException {
        this(dataDir, farmToken, adminPassword, List.of(), settings);
    }

    /** With options for its JVM (a trust store, say) before {@code -jar}. */
    public ServerProcess(Path dataDir, String farmToken, String adminPassword, List<String> jvmOptions,
                         List<String> settings) throws IOException {
        this.port = TestMachine.freePort();
        this.databasePort = TestMachine.freePort();
        this.dataDir = dataDir.toAbsolutePath();
        Files.createDirectories(this.dataDir);
        this.log = this.dataDir.resolveSibling("server.log");
        List<String> command = new ArrayList<>(List.of(TestMachine.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", TestMachine.required("ventana.server.jar"),
                "--server.port=" + port, "--ventana.data-dir=" + this.dataDir, "--ventana.database.port=" + databasePort,
                "--ventana.admin-password=" + adminPassword));
        command.addAll(settings);
        builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("VENTANA_FARM_TOKEN", farmToken);
        process = builder.start();
    }

    /** {@code kill -9} of the server's JVM: no shutdown hook runs, its PostgreSQL is left running. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server survived SIGKILL for 30 s");
        }
    }

    /** Starts the server again on the same ports and data directory, as systemd's Restart= would; appends to its log. */
    void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("the server still runs");
        }
        process = builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The embedded PostgreSQL's postmaster, from the lock file in its data directory. */
    ProcessHandle postgres() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).getFirst().strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("PostgreSQL (pid " + pid + ") is not running"));
    }

    public int port() {
        return port;
    }

    void awaitHealthy(Duration within) throws InterruptedException {
        awaitHealthy(within, new Http(port));
    }

    /** Waits for health as {@code probe} asks for it (over HTTPS, say). */
    public void awaitHealthy(Duration within, Http probe) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited:\n" + log());
            }
            try {
                if (probe.get("/actuator/health").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // go on waiting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server was not healthy within " + within.toSeconds() + " s:\n" + log());
    }

    /** Its embedded PostgreSQL, for a test to write what it cannot make through the API. */
    public String databaseUrl() {
        return "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres";
    }

    /** The details (JSON) of the audit events of one action on one target, oldest first. */
    List<String> audit(String action, String target) {
        try (Connection db = DriverManager.getConnection(databaseUrl(),
                "postgres", "");
             PreparedStatement query = db.prepareStatement(
                     "SELECT details::text FROM audit_events WHERE action = ? AND target = ? ORDER BY id")) {
            query.setString(1, action);
            query.setString(2, target);
            List<String> details = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    details.add(rows.getString(1));
                }
            }
            return details;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail", e);
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: a graceful stop, which also stops PostgreSQL
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        // Never leave a PostgreSQL of this data directory behind, whatever failed.
        String dir = dataDir.toString();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dir))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
