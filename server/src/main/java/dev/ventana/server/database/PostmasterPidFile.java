package dev.ventana.server.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's lock file in its data directory ({@code postmaster.pid}): the postmaster's pid,
 * the data directory and the postmaster's start time, one per line (see PostgreSQL's
 * src/include/utils/pidfile.h). It is removed only by a clean shutdown, so after a
 * {@code kill -9} of the server it names the PostgreSQL that was left running, or a dead one.
 */
record PostmasterPidFile(long pid, Path dataDirectory, Instant started) {
    static final String NAME = "postmaster.pid";

    /** Empty when there is no lock file or it is being written (PostgreSQL writes it line by line). */
    static Optional<PostmasterPidFile> in(Path dataDirectory) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve(NAME));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PostmasterPidFile(Long.parseLong(lines.get(0).strip()),
                    Path.of(lines.get(1).strip()), Instant.ofEpochSecond(Long.parseLong(lines.get(2).strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
