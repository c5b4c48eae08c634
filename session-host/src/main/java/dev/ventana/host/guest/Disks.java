package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The two disks of a guest: a throw-away copy-on-write overlay on the image version's base, and
 * the user's persistent data disk, which outlives every session and every image version.
 */
public final class Disks {
    private final Path dataDir;
    private final int dataDiskMiB;
    private final String qemuImg;
    private final Commands commands;

    public Disks(Path dataDir, int dataDiskMiB, String qemuImg, Commands commands) {
        this.dataDir = dataDir;
        this.dataDiskMiB = dataDiskMiB;
        this.qemuImg = qemuImg;
        this.commands = commands;
    }

    /** A new, empty overlay: the base is only ever read, so many sessions can share it. */
    public void createOverlay(ImageVersion version, Path overlay) {
        commands.run(List.of(qemuImg, "create", "-q", "-f", "qcow2", "-b", version.base().toAbsolutePath().toString(),
                "-F", "qcow2", overlay.toString()));
    }

    /**
     * The guest's system disk before a launch: a fresh overlay, or for a kept disk (a maintenance
     * guest) the existing one, made only once, so that a relaunch keeps the admin's work. A clone's
     * overlay is layered on its template's disk, never straight on the base: the restored memory
     * caches the template's blocks, and any other chain corrupts the guest's file system silently.
     */
    void prepareSystemDisk(ImageVersion version, Template clone, Path disk, boolean kept) throws IOException {
        if (!kept) {
            Files.deleteIfExists(disk);
        } else if (Files.exists(disk)) {
            return;
        }
        Path backing = clone != null ? clone.disk() : version.base();
        commands.run(List.of(qemuImg, "create", "-q", "-f", "qcow2", "-b", backing.toAbsolutePath().toString(),
                "-F", "qcow2", disk.toString()));
    }

    public Path dataDiskOf(String user) {
        return dataDir.resolve(user + ".qcow2");
    }

    /**
     * The user's data disk, created on first use already formatted (ext4, label ventana-data),
     * so that any guest image can mount it without tools of its own.
     */
    public synchronized Path ensureDataDisk(String user) {
        Path disk = dataDiskOf(user);
        if (Files.exists(disk)) {
            return disk;
        }
        // Per process: hosts of a farm may share the data directory.
        String tmp = "." + user + "." + ProcessHandle.current().pid();
        Path raw = dataDir.resolve(tmp + ".raw.tmp");
        Path qcow = dataDir.resolve(tmp + ".qcow2.tmp");
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(raw);
            Files.deleteIfExists(qcow);
            try (var f = java.nio.channels.FileChannel.open(raw, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                f.truncate(0);
                f.position((long) dataDiskMiB * 1024 * 1024 - 1);
                f.write(java.nio.ByteBuffer.wrap(new byte[1]));
            }
            commands.run(List.of("mke2fs", "-q", "-F", "-t", "ext4", "-L", "ventana-data", "-E", "root_owner=1000:1000",
                    raw.toString()));
            commands.run(List.of(qemuImg, "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow.toString()));
            // Linked into place last, so a crash never leaves a half-made disk under the real name;
            // a link, unlike a rename, never replaces a disk another host made meanwhile.
            try {
                Files.createLink(disk, qcow);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // Another host of the farm made it first: theirs is the one.
            }
            return disk;
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot create the data disk of " + user + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(raw);
                Files.deleteIfExists(qcow);
            } catch (IOException ignored) {
                // Leftover temporaries are replaced on the next attempt.
            }
        }
    }
}
