package dev.ventana.server.images;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.ventana.server.images.BundleReader.refused;

/**
 * The checks every received bundle passes, whatever it holds (an image version, a package): its
 * manifest.json is a JSON object of at most 1 MiB naming the thing the URL names, with the kind
 * expected, listing its files; every listed file is there with its size and sha256 and nothing
 * unlisted is. The id is the start of the manifest's sha256, as deploy/images/lib.sh makes it.
 *
 * @param listedBytes the listed files' sizes together (the manifest not counted)
 */
public record BundleManifest(byte[] bytes, JsonNode json, String sha256, long listedBytes) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The 16-hex id: the start of the manifest's sha256. */
    public String id() {
        return sha256.substring(0, 16);
    }

    /**
     * Reads and checks {@code dir}'s manifest against the received {@code files}. {@code kind}
     * null: the manifest must have none or "image" (an image version's has none).
     */
    public static BundleManifest check(JsonMapper mapper, Path dir, Map<String, ReceivedFile> files, String what,
                                       String name, String kind) {
        if (files.get("manifest.json") == null) {
            throw refused("manifest.json is missing from the bundle.");
        }
        byte[] bytes = read(dir.resolve("manifest.json"));
        JsonNode manifest;
        try {
            manifest = mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw refused("manifest.json is not valid JSON.");
        }
        if (manifest == null || !manifest.isObject() || !manifest.path("files").isObject()) {
            throw refused("manifest.json has no 'files' object.");
        }
        String actualKind = text(manifest, "kind");
        if (kind == null ? actualKind != null && !actualKind.equals("image") : !kind.equals(actualKind)) {
            throw refused("manifest.json is of kind " + (actualKind == null ? "(none)" : "'" + actualKind + "'")
                    + "; this is an upload of " + (kind == null ? "an image version" : "a " + kind) + ".");
        }
        String named = manifest.path("name").isString() ? manifest.path("name").asString() : null;
        if (!name.equals(named)) {
            throw refused("manifest.json is for " + what + " " + (named == null ? "(none)" : "'" + named + "'")
                    + ", not '" + name + "'.");
        }
        long size = checkFiles(manifest.path("files"), files);
        String sha = HexFormat.of().formatHex(BundleReader.sha256().digest(bytes));
        return new BundleManifest(bytes, manifest, sha, size);
    }

    /** The manifest's string field, null when absent or null; a refusal when it is something else. */
    public String text(String key) {
        return text(json, key);
    }

    static String text(JsonNode manifest, String key) {
        JsonNode v = manifest.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw refused("manifest.json's " + key + " must be a string.");
        }
        return v.asString();
    }

    private static long checkFiles(JsonNode listed, Map<String, ReceivedFile> files) {
        long size = 0;
        for (Map.Entry<String, JsonNode> f : listed.properties()) {
            String name = f.getKey();
            JsonNode expected = f.getValue();
            if (name.equals("manifest.json") || !expected.path("size").canConvertToLong()
                    || !expected.path("sha256").isString() || !SHA256.matcher(expected.path("sha256").asString()).matches()) {
                throw refused("manifest.json's entry for '" + name + "' needs a size and a sha256.");
            }
            ReceivedFile got = files.get(name);
            if (got == null) {
                throw refused("manifest.json names '" + name + "', which the bundle lacks.");
            }
            long want = expected.path("size").asLong();
            if (got.size() != want) {
                throw refused("'" + name + "' is " + got.size() + " bytes, manifest.json says " + want
                        + (got.size() < want ? " (truncated)." : "."));
            }
            if (!got.sha256().equals(expected.path("sha256").asString())) {
                throw refused("'" + name + "' has sha256 " + got.sha256() + ", manifest.json says "
                        + expected.path("sha256").asString() + ".");
            }
            size += want;
        }
        for (String name : files.keySet()) {
            if (!name.equals("manifest.json") && !listed.has(name)) {
                throw refused("'" + name + "' is in the bundle but not in manifest.json's files.");
            }
        }
        return size;
    }

    private static byte[] read(Path file) {
        try {
            if (Files.size(file) > 1 << 20) {
                throw refused("manifest.json is larger than 1 MiB.");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
