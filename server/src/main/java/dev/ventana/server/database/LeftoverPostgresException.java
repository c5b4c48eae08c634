package dev.ventana.server.database;

import java.nio.file.Path;
import java.time.Duration;

/** The PostgreSQL an earlier server left running did not stop when asked. */
class LeftoverPostgresException extends RuntimeException {
    private final long pid;
    private final Path dataDirectory;

    LeftoverPostgresException(long pid, Path dataDirectory, Duration waited) {
        super("PostgreSQL pid " + pid + " in " + dataDirectory + " did not stop within " + waited.toSeconds() + " s");
        this.pid = pid;
        this.dataDirectory = dataDirectory;
    }

    long pid() {
        return pid;
    }

    Path dataDirectory() {
        return dataDirectory;
    }
}
