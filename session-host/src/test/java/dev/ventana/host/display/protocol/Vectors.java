package dev.ventana.host.display.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reads the shared vectors in docs/protocol-vectors, the same files the TypeScript tests read. */
final class Vectors {

    private static final Path DIR = locate();

    private Vectors() {
    }

    static JsonNode load(String file) {
        return JsonMapper.builder().build().readTree(DIR.resolve(file).toFile());
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Surefire runs in the module directory; an IDE may run in the repository root. */
    private static Path locate() {
        for (Path p : new Path[]{Path.of("../docs/protocol-vectors"), Path.of("docs/protocol-vectors")}) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("docs/protocol-vectors not found from " + Path.of("").toAbsolutePath());
    }
}
