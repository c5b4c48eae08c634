package dev.ventana.host.maintenance;

import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.ImageVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the manifest of a sealed version the way deploy/images/lib.sh writes a built one:
 * every file of the directory with its sha256 and size, keys sorted, two-space indent. The
 * version id is the first 16 hex digits of the manifest's own sha256.
 */
final class Manifests {
    private final ObjectMapper json;

    Manifests(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Writes {@code dir/manifest.json} for the files in {@code dir}, taking name, screen, cmdline
     * applications, instantOn and display from the parent's manifest; returns the version id.
     */
    String write(Path dir, JsonNode parentManifest, ImageVersion.Origin origin) throws IOException {
        ObjectNode m = json.createObjectNode();
        m.put("format", 1);
        m.put("name", parentManifest.path("name").asString());
        m.set("screen", parentManifest.path("screen").deepCopy());
        m.put("cmdline", Files.exists(dir.resolve("cmdline")) ? Files.readString(dir.resolve("cmdline")).strip()
                : parentManifest.path("cmdline").asString(""));
        m.set("applications", parentManifest.path("applications").isArray()
                ? parentManifest.path("applications").deepCopy() : json.createArrayNode());
        if (parentManifest.path("instantOn").asBoolean(false)) {
            m.put("instantOn", true);
        }
        if (parentManifest.path("display").isString()) {
            // The devices the parent's system was built for (a virtio-gpu for X): a maintenance
            // change to the disk keeps them.
            m.put("display", parentManifest.path("display").asString());
        }
        m.set("inputs", json.createObjectNode());
        if (origin.parent() != null) {
            m.put("parent", origin.parent());
        }
        m.put("title", origin.title());
        m.put("note", origin.note());
        m.put("source", origin.source());
        m.put("createdBy", origin.createdBy());
        m.put("createdAt", origin.createdAt().toString());
        ObjectNode files = m.putObject("files");
        for (Path f : ownFiles(dir)) {
            files.putObject(f.getFileName().toString()).put("sha256", ImageCatalog.sha256Hex(f))
                    .put("size", Files.size(f));
        }
        byte[] bytes = (json.writerWithDefaultPrettyPrinter().writeValueAsString(sorted(m)) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve("manifest.json"), bytes);
        return idOf(bytes);
    }

    static String idOf(byte[] manifest) {
        return ImageCatalog.sha256Hex(manifest).substring(0, 16);
    }

    /** Every regular file of the directory but the manifest, in name order. */
    static List<Path> ownFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("manifest.json"))
                    .sorted().toList();
        }
    }

    /** The same JSON with every object's keys in order, as Python's sort_keys writes them. */
    private JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = json.createObjectNode();
            node.properties().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> out.set(e.getKey(), sorted(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            var out = json.createArrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }
}
