package dev.ventana.server.fuzz;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Seeds for mutation: every message spelled out in hex in one of docs/protocol-vectors' files. */
public final class VectorSeeds {
    private VectorSeeds() {
    }

    /** Each string under a {@code hex} key, and each in a {@code parts} array (a BATCH's parts), anywhere in the file. */
    public static List<byte[]> load(String file) {
        List<byte[]> seeds = new ArrayList<>();
        collect(JsonMapper.builder().build().readTree(locate().resolve(file).toFile()), seeds);
        if (seeds.isEmpty()) {
            throw new IllegalStateException("no hex in " + file);
        }
        return seeds;
    }

    private static void collect(JsonNode node, List<byte[]> seeds) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, seeds));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("hex") && field.getValue().isString()) {
                    seeds.add(hex(field.getValue().asString()));
                } else if (field.getKey().equals("parts")) {
                    field.getValue().forEach(part -> seeds.add(hex(part.asString())));
                } else {
                    collect(field.getValue(), seeds);
                }
            }
        }
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
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
