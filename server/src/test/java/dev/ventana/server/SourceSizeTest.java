package dev.ventana.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No hand-written source file of the server, the session host or the viewer grows past 400
 * lines (generated files aside): past that a class has usually taken a second job.
 */
class SourceSizeTest {
    private static final int MAX_LINES = 400;
    private static final List<String> SOURCES = List.of("server/src", "session-host/src", "web-client/src", "web-client/test");

    @Test
    void noSourceFileOver400Lines() throws IOException {
        Path root = Files.isDirectory(Path.of("../session-host")) ? Path.of("..") : Path.of(".");
        List<String> tooLong;
        try (Stream<Path> files = SOURCES.stream().map(root::resolve).flatMap(SourceSizeTest::walk)) {
            tooLong = files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".ts"))
                    .filter(f -> !f.toString().contains("/generated/")) // Vaadin writes these at build time
                    .filter(f -> lines(f) > MAX_LINES)
                    .map(f -> root.relativize(f) + " (" + lines(f) + " lines)")
                    .toList();
        }
        assertThat(tooLong).as("source files over %d lines", MAX_LINES).isEmpty();
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
