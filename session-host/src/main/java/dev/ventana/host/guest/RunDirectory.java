package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import tools.jackson.databind.ObjectMapper;
import org.slf4j.LoggerFactory;

/**
 * The host's run directory: one sub-directory per guest holding its record, QEMU's pid file,
 * the QMP, VNC and serial sockets, the console log and the session overlay. Everything in it
 * belongs to one session and is removed when the session ends.
 */
final class RunDirectory {
    private final Path root;
    private final ObjectMapper json;

    RunDirectory(Path root, ObjectMapper json) {
        this.root = root.toAbsolutePath();
        this.json = json;
    }

    /**
     * Where the guest's files are: its data disk as recorded (none when null), and its system disk
     * the kept one it names (maintenance) or else the throw-away overlay in the run directory.
     */
    GuestInfo.Paths paths(GuestRecord r) {
        Path dir = root.resolve(r.id());
        return new GuestInfo.Paths(dir, dir.resolve("vnc.sock"), dir.resolve("qmp.sock"), dir.resolve("serial.sock"),
                dir.resolve("console.log"), r.systemDisk() != null ? Path.of(r.systemDisk()) : dir.resolve("system.qcow2"),
                r.dataDisk() == null ? null : Path.of(r.dataDisk()));
    }

    Path qemuLog(String id) {
        return root.resolve(id).resolve("qemu.log");
    }

    /** The last line QEMU wrote before it ended: usually why it ended. */
    Optional<String> lastQemuMessage(String id) {
        try {
            List<String> lines = Files.readAllLines(qemuLog(id));
            return lines.reversed().stream().filter(l -> !l.isBlank()).findFirst().map(String::strip);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Path pidFile(String id) {
        return root.resolve(id).resolve("qemu.pid");
    }

    void create(GuestRecord record) throws IOException {
        Path dir = root.resolve(record.id());
        Files.createDirectories(dir);
        write(record);
    }

    void write(GuestRecord record) throws IOException {
        Path dir = root.resolve(record.id());
        Path tmp = dir.resolve("guest.json.tmp");
        Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
        Files.move(tmp, dir.resolve("guest.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Guest directories present now, by id. */
    List<String> ids() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    Optional<GuestRecord> read(String id) {
        try {
            return Optional.of(json.readValue(root.resolve(id).resolve("guest.json").toFile(), GuestRecord.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    OptionalLong pid(String id) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile(id)).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Removes the guest's run directory, or says in the log why it could not. */
    void remove(String id) {
        try {
            delete(id);
        } catch (IOException e) {
            LoggerFactory.getLogger(RunDirectory.class).warn("guest {}: could not remove its run directory: {}", id,
                    e.getMessage());
        }
    }

    void delete(String id) throws IOException {
        Path dir = root.resolve(id);
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfPresent(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                deleteIfPresent(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfPresent(Path p) throws IOException {
        try {
            Files.delete(p);
        } catch (NoSuchFileException ignored) {
            // QEMU removes its own sockets and pid file as it exits.
        }
    }
}
