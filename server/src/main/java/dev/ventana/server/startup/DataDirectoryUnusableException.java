package dev.ventana.server.startup;

import java.nio.file.Path;

public class DataDirectoryUnusableException extends RuntimeException {
    private final Path directory;

    DataDirectoryUnusableException(Path directory, Exception cause) {
        super("Data directory " + directory + " is not usable: " + cause, cause);
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
