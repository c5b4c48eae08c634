package dev.ventana.host.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat's PSS: read at every beat while a guest boots, then at most every 30 s. */
class RecentMemoryTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    @TempDir
    Path proc;
    Instant now = T0;
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aSettledGuestIsReadAgainOnlyAfterThirtySeconds() throws IOException {
        RecentMemory memory = new RecentMemory(new ProcessMemory(proc), clock);
        Instant started = T0.minus(Duration.ofMinutes(10));
        pss(42, 100);
        assertThat(memory.pssMib(42, started)).isEqualTo(100);

        pss(42, 200);
        now = T0.plusSeconds(29);
        assertThat(memory.pssMib(42, started)).as("kept").isEqualTo(100);
        now = T0.plusSeconds(31);
        assertThat(memory.pssMib(42, started)).as("read again").isEqualTo(200);
    }

    @Test
    void aBootingGuestIsReadAtEveryBeat() throws IOException {
        RecentMemory memory = new RecentMemory(new ProcessMemory(proc), clock);
        pss(43, 50);
        assertThat(memory.pssMib(43, T0.minusSeconds(5))).isEqualTo(50);
        pss(43, 400);
        now = T0.plusSeconds(3);
        assertThat(memory.pssMib(43, T0.minusSeconds(5))).isEqualTo(400);
    }

    @Test
    void anUnknownFigureAndAForgottenProcessAreReadAgain() throws IOException {
        RecentMemory memory = new RecentMemory(new ProcessMemory(proc), clock);
        Instant started = T0.minus(Duration.ofMinutes(10));
        assertThat(memory.pssMib(44, started)).isNull();
        pss(44, 70);
        assertThat(memory.pssMib(44, started)).as("null is not kept").isEqualTo(70);

        memory.retain(Set.of());
        pss(44, 90);
        assertThat(memory.pssMib(44, started)).as("the pid was forgotten: another process may have it").isEqualTo(90);
    }

    private void pss(long pid, long mib) throws IOException {
        Files.writeString(Files.createDirectories(proc.resolve(Long.toString(pid))).resolve("smaps_rollup"),
                "Rss: " + mib * 2048 + " kB\nPss: " + mib * 1024 + " kB\n");
    }
}
