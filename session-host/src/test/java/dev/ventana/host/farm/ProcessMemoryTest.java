package dev.ventana.host.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest's memory as the heartbeat reports it: the PSS line of smaps_rollup, in MiB rounded up. */
class ProcessMemoryTest {
    @TempDir
    Path proc;

    @Test
    void thisJvmsOwnProportionalSetSizeIsRead() throws IOException {
        long pid = ProcessHandle.current().pid();
        long rssMib = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
                .findFirst().orElseThrow();

        Integer pss = new ProcessMemory().pssMib(pid);

        // A JVM running tests holds tens of MiB at least; PSS never exceeds RSS (plus the rounding up).
        assertThat(pss).isNotNull().isGreaterThan(10).isLessThanOrEqualTo((int) rssMib + 1);
    }

    @Test
    void kibAreRoundedUpToWholeMib() throws IOException {
        rollup(4242, """
                55d0c8a00000-7ffd3a9f6000 ---p 00000000 00:00 0                          [rollup]
                Rss:              204800 kB
                Pss:              102401 kB
                Pss_Anon:          90000 kB
                Pss_File:          12401 kB
                Shared_Clean:       4096 kB
                """);
        rollup(4243, "Rss: 2048 kB\nPss: 1024 kB\n");

        assertThat(new ProcessMemory(proc).pssMib(4242)).isEqualTo(101);
        assertThat(new ProcessMemory(proc).pssMib(4243)).isEqualTo(1);
    }

    @Test
    void noProcessOrNoFigureIsUnknownNotZero() throws IOException {
        rollup(4244, "Rss: 2048 kB\n");
        rollup(4245, "Pss: lots kB\n");
        ProcessMemory memory = new ProcessMemory(proc);

        assertThat(memory.pssMib(0)).as("a guest without a process yet").isNull();
        assertThat(memory.pssMib(4246)).as("a process that is gone").isNull();
        assertThat(memory.pssMib(4244)).isNull();
        assertThat(memory.pssMib(4245)).isNull();
    }

    private void rollup(long pid, String text) throws IOException {
        Files.writeString(Files.createDirectories(proc.resolve(Long.toString(pid))).resolve("smaps_rollup"), text);
    }
}
