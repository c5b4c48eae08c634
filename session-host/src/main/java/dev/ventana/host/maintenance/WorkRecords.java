package dev.ventana.host.maintenance;

import dev.ventana.host.guest.GuestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * The work records of maintenance and packaging guests: {@code <root>/<group>/<prefix><token>/work.json},
 * written whole (a rename) so that a restarted host finds each work complete or not at all. An
 * unreadable record is logged and passed over.
 */
final class WorkRecords<T> {
    private static final Logger log = LoggerFactory.getLogger(WorkRecords.class);

    private final Path root;
    private final Predicate<Path> groups;
    private final String prefix;
    private final Class<T> type;
    private final ObjectMapper json;

    WorkRecords(Path root, Predicate<Path> groups, String prefix, Class<T> type, ObjectMapper json) {
        this.root = root;
        this.groups = groups;
        this.prefix = prefix;
        this.type = type;
        this.json = json;
    }

    /** One work's directory and its record. */
    record Found<T>(Path dir, T work) {
    }

    List<Found<T>> all() {
        List<Found<T>> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> all = Files.list(root)) {
            for (Path group : all.filter(Files::isDirectory).filter(groups).toList()) {
                try (Stream<Path> dirs = Files.list(group)) {
                    for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                        Path record = d.resolve("work.json");
                        if (Files.isRegularFile(record)) {
                            try {
                                found.add(new Found<>(d, json.readValue(record.toFile(), type)));
                            } catch (RuntimeException e) {
                                log.warn("unreadable work record {}: {}", record, e.getMessage());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new GuestException(GuestException.Reason.FAILED, "cannot list " + root + ": " + e.getMessage(), e);
        }
        return found;
    }

    void write(Path dir, T work) throws IOException {
        Path tmp = dir.resolve("work.json.tmp");
        Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(work));
        Files.move(tmp, dir.resolve("work.json"), StandardCopyOption.ATOMIC_MOVE);
    }
}
