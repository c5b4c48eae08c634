package dev.ventana.server.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A server killed with {@code kill -9} leaves its embedded PostgreSQL running, orphaned, and a
 * new one cannot start on the same data directory while it does. This finds such a postmaster
 * and shuts it down the way {@code pg_ctl stop -m fast} does (SIGINT: roll back open
 * transactions, write a checkpoint, exit), so the data stays consistent. It touches a process
 * only when it is provably that postmaster: alive, a {@code postgres} binary, started when the
 * lock file says, on this data directory; a pid reused by something else is left alone.
 */
class LeftoverPostgres {
    private static final Logger log = LoggerFactory.getLogger(LeftoverPostgres.class);
    // The pid file stores whole seconds and is written just after the process starts.
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(5);
    private final Duration stopTimeout;

    LeftoverPostgres(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    /** Stops a postmaster left running on {@code dataDirectory}; returns whether there was one. */
    boolean stopIfRunning(Path dataDirectory) throws IOException, InterruptedException {
        Optional<PostmasterPidFile> lock = PostmasterPidFile.in(dataDirectory);
        if (lock.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(lock.get().pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !isThePostmaster(process.get(), lock.get(), dataDirectory)) {
            // A stale lock: PostgreSQL itself cleans it up when the pid is dead.
            return false;
        }
        long pid = process.get().pid();
        log.info("Stopping the embedded PostgreSQL (pid {}) that an earlier server left running in {}", pid, dataDirectory);
        signalFastShutdown(pid);
        Instant deadline = Instant.now().plus(stopTimeout);
        while (process.get().isAlive() || Files.exists(dataDirectory.resolve(PostmasterPidFile.NAME))) {
            if (Instant.now().isAfter(deadline)) {
                throw new LeftoverPostgresException(pid, dataDirectory, stopTimeout);
            }
            Thread.sleep(50);
        }
        log.info("The earlier embedded PostgreSQL stopped cleanly");
        return true;
    }

    private static boolean isThePostmaster(ProcessHandle process, PostmasterPidFile lock, Path dataDirectory)
            throws IOException {
        if (!Files.exists(lock.dataDirectory()) || !Files.isSameFile(lock.dataDirectory(), dataDirectory)) {
            return false;
        }
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false);
        boolean startedThen = info.startInstant()
                .map(t -> Duration.between(lock.started(), t).abs().compareTo(START_TIME_TOLERANCE) <= 0)
                .orElse(false);
        return postgres && startedThen;
    }

    private static void signalFastShutdown(long pid) throws IOException, InterruptedException {
        // The JDK can only send SIGTERM (PostgreSQL's "smart" shutdown, which waits for every
        // client); SIGINT is the fast shutdown that pg_ctl -m fast sends.
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -INT " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()).strip());
        }
    }
}
