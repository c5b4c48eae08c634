package dev.ventana.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the embedded PostgreSQL running. When its postmaster dies ({@code kill -9}, the OOM
 * killer), a new one is started on the same data directory and port: the connection pool's next
 * connections reach it, and PostgreSQL's crash recovery replays every committed transaction from
 * the write-ahead log (the configuration keeps {@code synchronous_commit} on for that). Sessions
 * run on hosts, not in the database, so they live on; requests in flight during the restart fail.
 * If no PostgreSQL can be started again within {@code giveUpAfter}, {@code giveUp} runs: the
 * server stops for its own supervisor (systemd, run.sh) to start everything again.
 *
 * <p>Threads: {@link #start} and {@link #close} run on Spring's context thread; a restart runs on
 * the thread that saw the postmaster exit. One lock orders them; {@code giveUp} runs outside it,
 * on a thread of its own, because stopping the server closes this object.
 */
final class PostgresSupervisor implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(PostgresSupervisor.class);
    private static final Duration RETRY_EVERY = Duration.ofMillis(500);

    /** Starts a PostgreSQL on the data directory; on the given port, or a free one when 0. */
    interface Starter {
        EmbeddedPostgres start(int port) throws IOException;
    }

    private final Starter starter;
    private final Path dataDirectory;
    private final Duration giveUpAfter;
    private final Runnable giveUp;
    private EmbeddedPostgres current;
    private int port;
    private boolean closed;

    PostgresSupervisor(Starter starter, Path dataDirectory, Duration giveUpAfter, Runnable giveUp) {
        this.starter = starter;
        this.dataDirectory = dataDirectory;
        this.giveUpAfter = giveUpAfter;
        this.giveUp = giveUp;
    }

    synchronized void start(int requestedPort) throws IOException {
        current = starter.start(requestedPort);
        port = current.getPort();
        watch();
    }

    synchronized String jdbcUrl() {
        return current.getJdbcUrl("postgres", "postgres");
    }

    synchronized int port() {
        return port;
    }

    private void watch() throws IOException {
        long pid = PostmasterPidFile.in(dataDirectory)
                .orElseThrow(() -> new IOException("PostgreSQL started without a postmaster.pid in " + dataDirectory))
                .pid();
        ProcessHandle.of(pid).ifPresentOrElse(p -> p.onExit().thenRun(() -> died(pid)), () -> died(pid));
    }

    private void died(long pid) {
        if (!restart(pid)) {
            Thread.ofPlatform().name("postgres-gave-up").start(giveUp);
        }
    }

    /** False when PostgreSQL could not be started again in time. */
    private synchronized boolean restart(long pid) {
        if (closed) {
            return true;
        }
        log.warn("The embedded PostgreSQL (pid {}) died; starting it again on {} and port {}", pid, dataDirectory, port);
        try {
            current.close(); // releases its lock on the data directory; stopping the dead postmaster fails, harmlessly
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the dead PostgreSQL", e);
        }
        Instant deadline = Instant.now().plus(giveUpAfter);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                // Until the dead postmaster's backends notice and exit, its shared memory is in use.
                current = starter.start(port);
                watch();
                log.info("The embedded PostgreSQL runs again (pid {}), recovered from its write-ahead log",
                        PostmasterPidFile.in(dataDirectory).map(PostmasterPidFile::pid).orElse(-1L));
                return true;
            } catch (IOException | RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(RETRY_EVERY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.error("The embedded PostgreSQL could not be started again within {} s ({}); stopping the server so that"
                + " its supervisor starts everything again. PostgreSQL's own log is under {}", giveUpAfter.toSeconds(),
                last, dataDirectory);
        return false;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        current.close();
    }
}
