package dev.ventana.server.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the postmaster itself is ever stopped; the real one is stopped in KilledServerRestartIT. */
class LeftoverPostgresTest {
    private final LeftoverPostgres leftover = new LeftoverPostgres(Duration.ofSeconds(5));

    @Test
    void aLockFileWhosePidWasReusedByAnotherProgramLeavesThatProgramAlone(@TempDir Path dir) throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            long started = unrelated.info().startInstant().orElseThrow().getEpochSecond();
            writeLock(dir, unrelated.pid(), dir, started);

            assertThat(leftover.stopIfRunning(dir)).isFalse();
            assertThat(unrelated.waitFor(500, TimeUnit.MILLISECONDS)).as("still running").isFalse();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void aLockFileOfADeadPostmasterIsLeftToPostgreSQL(@TempDir Path dir) throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        writeLock(dir, dead.pid(), dir, Instant.now().getEpochSecond());

        assertThat(leftover.stopIfRunning(dir)).isFalse();
        assertThat(dir.resolve(PostmasterPidFile.NAME)).exists();
    }

    @Test
    void noLockFileNothingToDo(@TempDir Path dir) throws Exception {
        assertThat(leftover.stopIfRunning(dir)).isFalse();
    }

    @Test
    void aLockFileOfAnotherDataDirectoryIsNotOurs(@TempDir Path dir, @TempDir Path other) throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            writeLock(dir, unrelated.pid(), other, unrelated.info().startInstant().orElseThrow().getEpochSecond());

            assertThat(leftover.stopIfRunning(dir)).isFalse();
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    private static void writeLock(Path dir, long pid, Path dataDirectory, long startedEpochSecond) throws Exception {
        // The layout PostgreSQL 17 writes: pid, data directory, start time, port, socket dir, listen address, shmem.
        Files.writeString(dir.resolve(PostmasterPidFile.NAME), pid + "\n" + dataDirectory + "\n" + startedEpochSecond
                + "\n5432\n/tmp\n127.0.0.1\n  1234  5678\nready   \n");
    }
}
