package dev.ventana.host.farm;

import com.sun.management.OperatingSystemMXBean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** This machine's size and load, as the heartbeat reports them. */
final class Machine {
    private static final long MIB = 1024 * 1024;
    private static final Pattern NOT_DIGITS = Pattern.compile("[^0-9]");
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    long memoryTotalMib() {
        return os.getTotalMemorySize() / MIB;
    }

    /** Linux's MemAvailable (what can be had without swapping), else the JVM's free memory figure. */
    long memoryFreeMib() {
        try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemAvailable:")).findFirst()
                    .map(l -> Long.parseLong(NOT_DIGITS.matcher(l).replaceAll("")) / 1024)
                    .orElseGet(() -> os.getFreeMemorySize() / MIB);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return os.getFreeMemorySize() / MIB;
        }
    }

    /** The one-minute load average; 0 where the platform has none. */
    double load() {
        return Math.max(0, os.getSystemLoadAverage());
    }
}
