package dev.ventana.host.farm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory a guest's QEMU process really holds: its proportional set size (PSS), which counts
 * a page shared with other processes (a template's, the QEMU binary's) in equal parts, so that the
 * guests of a host add up to what they cost it. Linux sums it for the whole process in
 * {@code /proc/<pid>/smaps_rollup}: one small file per guest and heartbeat, where reading
 * {@code smaps} would walk every mapping.
 */
final class ProcessMemory {
    private static final long KIB_PER_MIB = 1024;
    private final Path proc;

    ProcessMemory() {
        this(Path.of("/proc"));
    }

    ProcessMemory(Path proc) {
        this.proc = proc;
    }

    /**
     * The process's PSS in MiB, rounded up; null for pid 0 (no process yet) or when it cannot be
     * read (the process is gone, another user's, or the kernel has no smaps_rollup).
     */
    Integer pssMib(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("smaps_rollup"))) {
                // "Pss:              123456 kB"; Pss_Anon, Pss_File and Pss_Shmem are parts of it.
                if (line.startsWith("Pss:")) {
                    String[] words = line.substring(4).trim().split("\\s+");
                    long kib = Long.parseLong(words[0]);
                    return Math.toIntExact((kib + KIB_PER_MIB - 1) / KIB_PER_MIB);
                }
            }
            return null;
        } catch (IOException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
