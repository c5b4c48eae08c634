package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.ObjectMapper;

/**
 * Package versions for tests, laid out as deploy/packages/make.sh writes them: a manifest naming
 * {@code package.sqfs} with its real sha256, the directory named by the manifest's. The file's bytes
 * are whatever the test gives: the host checks hashes, not squashfs (the guest mounts it).
 */
public final class PackageFixture {
    private PackageFixture() {
    }

    /** Makes {@code <root>/<name>/<id>/}; {@code extra} manifest keys override the defaults. Returns the id. */
    public static String make(Path root, ObjectMapper json, String name, byte[] sqfs, Map<String, Object> extra)
            throws IOException {
        Path staging = Files.createDirectories(root.resolve(name).resolve(".staging"));
        Files.write(staging.resolve(PackageCatalog.FILE), sqfs);
        Map<String, Object> m = new TreeMap<>(Map.of("format", 1, "kind", "package", "name", name,
                "title", name + " 1.0", "source", "script", "createdBy", "test",
                "madeFor", Map.of("image", "tiny"),
                "applications", List.of(Map.of("id", name, "name", "The " + name, "icon", "terminal", "command", name)),
                "files", Map.of(PackageCatalog.FILE, Map.of("sha256", ImageCatalog.sha256Hex(staging.resolve(PackageCatalog.FILE)),
                        "size", sqfs.length))));
        m.putAll(extra);
        byte[] manifest = json.writeValueAsBytes(m);
        Files.write(staging.resolve("manifest.json"), manifest);
        String id = ImageCatalog.sha256Hex(manifest).substring(0, 16);
        Files.move(staging, root.resolve(name).resolve(id));
        return id;
    }
}
