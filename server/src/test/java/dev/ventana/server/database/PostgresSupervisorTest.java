package dev.ventana.server.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded PostgreSQL killed with {@code kill -9}: started again with every committed row, or the server gives up. */
class PostgresSupervisorTest {
    @TempDir
    Path temp;

    @Test
    void aKilledPostgresIsStartedAgainOnItsPortWithEveryCommittedRow() throws Exception {
        Path dir = temp.resolve("postgres");
        CountDownLatch gaveUp = new CountDownLatch(1);
        try (PostgresSupervisor postgres = new PostgresSupervisor(p -> EmbeddedDatabaseConfiguration.start(dir, p), dir,
                Duration.ofSeconds(60), gaveUp::countDown)) {
            postgres.start(0);
            int port = postgres.port();
            try (Connection db = connect(postgres); Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE committed (n integer)");
                for (int n = 0; n < 200; n++) {
                    sql.execute("INSERT INTO committed VALUES (" + n + ")"); // each its own commit
                }
            }
            long first = kill(dir);

            await("PostgreSQL running again").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> count(postgres) == 200);
            assertThat(postgres.port()).isEqualTo(port);
            assertThat(PostmasterPidFile.in(dir).orElseThrow().pid()).isNotEqualTo(first);
            assertThat(gaveUp.getCount()).isEqualTo(1);

            kill(dir); // and again: the new one is watched too
            await("PostgreSQL running after a second kill").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> count(postgres) == 200);
        }
        assertThat(dir.resolve(PostmasterPidFile.NAME)).as("closed: stopped, not started again").doesNotExist();
    }

    @Test
    void whenPostgresCannotBeStartedAgainTheServerGivesUp() throws Exception {
        Path dir = temp.resolve("postgres");
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch gaveUp = new CountDownLatch(1);
        try (PostgresSupervisor postgres = new PostgresSupervisor(p -> {
            if (starts.incrementAndGet() > 1) {
                throw new IOException("the disk is full");
            }
            return EmbeddedDatabaseConfiguration.start(dir, p);
        }, dir, Duration.ofSeconds(2), gaveUp::countDown)) {
            postgres.start(0);
            kill(dir);
            assertThat(gaveUp.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(starts.get()).as("tried again until the time was up").isGreaterThan(2);
        } catch (IOException closingTheDeadOne) {
            // zonky's close of a PostgreSQL that is not running may say so: nothing is left to stop
        }
    }

    private static long kill(Path dir) throws IOException {
        long pid = PostmasterPidFile.in(dir).orElseThrow().pid();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        postmaster.destroyForcibly(); // SIGKILL
        postmaster.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        return pid;
    }

    private static Connection connect(PostgresSupervisor postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl());
    }

    private static int count(PostgresSupervisor postgres) throws SQLException {
        try (Connection db = connect(postgres); Statement sql = db.createStatement();
             var rows = sql.executeQuery("SELECT count(*) FROM committed")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
