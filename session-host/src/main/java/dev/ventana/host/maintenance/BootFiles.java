package dev.ventana.host.maintenance;

import dev.ventana.host.guest.Commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a kernel and initrd out of a sealed system disk's /boot, without mounting anything:
 * qemu-storage-daemon exports the qcow2 chain read-only as a raw file through FUSE (no copy,
 * no nbd module) and debugfs reads the ext4 file system in it. Where FUSE is unavailable the
 * chain is converted to a sparse raw file first (a full read of the disk, slow for a large one).
 * The images' system disks are a bare ext4 file system, no partition table (deploy/images).
 */
final class BootFiles {
    private static final Logger log = LoggerFactory.getLogger(BootFiles.class);

    private final Commands tools;
    private final String qemuImg;
    private final String storageDaemon;

    BootFiles(Commands tools, String qemuImg, String storageDaemon) {
        this.tools = tools;
        this.qemuImg = qemuImg;
        this.storageDaemon = storageDaemon;
    }

    /** A kernel and its initrd found in /boot, of the same kernel release. */
    record Pair(String kernel, String initrd) {
    }

    /**
     * Copies the newest kernel of {@code disk}'s /boot (a regular vmlinuz-R with its initrd.img-R)
     * to {@code kernelOut} and {@code initrdOut}; empty when /boot holds no such pair or cannot be read.
     */
    Optional<Pair> extract(Path disk, Path work, Path kernelOut, Path initrdOut) {
        Path raw = work.resolve("system.raw");
        try {
            Files.createDirectories(work);
            try (RawView view = rawView(disk, raw)) {
                String listing = debugfs(view.file(), "ls -p /boot");
                Optional<Pair> pair = newest(listing);
                if (pair.isEmpty()) {
                    return Optional.empty();
                }
                debugfs(view.file(), "dump /boot/" + pair.get().kernel() + " " + kernelOut);
                debugfs(view.file(), "dump /boot/" + pair.get().initrd() + " " + initrdOut);
                if (!Files.isRegularFile(kernelOut) || !Files.isRegularFile(initrdOut)) {
                    return Optional.empty();
                }
                return pair;
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read /boot of {}: {}; the parent's kernel and initrd are kept", disk, e.getMessage());
            return Optional.empty();
        }
    }

    private String debugfs(Path raw, String request) {
        return tools.output(List.of("debugfs", "-R", request, raw.toString()));
    }

    /**
     * The pair of the highest kernel release in {@code ls -p} output (lines
     * {@code /inode/mode/uid/gid/name/size/}); only regular files count, not the symlinks Debian
     * keeps beside them.
     */
    static Optional<Pair> newest(String lsOutput) {
        List<String> files = new ArrayList<>();
        for (String line : lsOutput.lines().toList()) {
            String[] f = line.split("/", -1);
            if (f.length >= 7 && f[2].startsWith("100")) {
                files.add(f[5]);
            }
        }
        Set<String> names = Set.copyOf(files);
        return files.stream().filter(n -> n.startsWith("vmlinuz-"))
                .map(n -> n.substring("vmlinuz-".length()))
                .filter(release -> names.contains("initrd.img-" + release))
                .max(BootFiles::compareReleases)
                .map(r -> new Pair("vmlinuz-" + r, "initrd.img-" + r));
    }

    /** Release strings compared number by number: 6.1.0-40 after 6.1.0-9. */
    static int compareReleases(String a, String b) {
        String[] x = a.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        String[] y = b.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Comparator.<java.math.BigInteger>naturalOrder().compare(new java.math.BigInteger(x[i]),
                    new java.math.BigInteger(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private RawView rawView(Path disk, Path raw) throws IOException {
        Files.deleteIfExists(raw);
        Files.createFile(raw);
        try {
            Process daemon = new ProcessBuilder(storageDaemon,
                    "--blockdev", "driver=qcow2,node-name=disk,read-only=on,file.driver=file,file.filename=" + disk,
                    "--export", "type=fuse,id=raw,node-name=disk,mountpoint=" + raw + ",writable=off")
                    .redirectErrorStream(true).redirectOutput(raw.resolveSibling("storage-daemon.log").toFile()).start();
            // The export is there when the mount point shows the disk's size instead of the empty file's.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (daemon.isAlive() && Files.size(raw) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (daemon.isAlive() && Files.size(raw) > 0) {
                return new RawView(raw, daemon);
            }
            daemon.destroy();
            daemon.waitFor(5, TimeUnit.SECONDS);
            log.info("FUSE export of {} unavailable ({}); converting it to a raw file instead", disk,
                    Files.readString(raw.resolveSibling("storage-daemon.log")).strip());
        } catch (IOException e) {
            log.info("cannot run {} ({}); converting {} to a raw file instead", storageDaemon, e.getMessage(), disk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        Files.deleteIfExists(raw);
        tools.output(List.of(qemuImg, "convert", "-O", "raw", disk.toString(), raw.toString()));
        return new RawView(raw, null);
    }

    /** The raw file; closing ends the FUSE export (its daemon unmounts it as it exits) or deletes the copy. */
    private record RawView(Path file, Process daemon) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (daemon != null) {
                daemon.destroy();
                try {
                    if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                        daemon.destroyForcibly();
                        daemon.waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Files.deleteIfExists(file);
        }
    }
}
