package dev.ventana.host.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes image version directories as deploy/images/lib.sh does: files plus a manifest naming
 * each with its sha256 and size, in a directory named by the start of the manifest's sha256.
 * Also layered versions: a qcow2 layer on a parent beside it, and a manifest naming the parent.
 */
public final class VersionDirectories {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private VersionDirectories() {
    }

    /** Copies a version directory into {@code <images>/<image>/}; returns its id. */
    public static String copy(Path versionDir, Path imagesDir, String image) throws IOException {
        Path target = imagesDir.resolve(image).resolve(versionDir.getFileName().toString());
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(versionDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return versionDir.getFileName().toString();
    }

    /**
     * Hard-links a version directory's files into {@code <images>/<image>/<id>/}; returns the id.
     * Versions are never modified, so links cost nothing where a copy of the office base would
     * cost 800 MB; a test whose host writes versions (maintenance) gets a directory of its own.
     */
    public static String link(Path versionDir, Path imagesDir, String image) throws IOException {
        String id = versionDir.getFileName().toString();
        Path target = Files.createDirectories(imagesDir.resolve(image).resolve(id));
        try (Stream<Path> files = Files.list(versionDir)) {
            for (Path f : files.toList()) {
                Files.createLink(target.resolve(f.getFileName()), f);
            }
        }
        return id;
    }

    /** {@link #link} of the image's current built version (see TinyImages#imagesDir). */
    public static String linkCurrent(String image, Path imagesDir) throws IOException {
        Path built = TinyImages.imagesDir().resolve(image);
        return link(built.resolve(Files.readSymbolicLink(built.resolve("current")).getFileName().toString()), imagesDir,
                image);
    }

    /**
     * A version whose files are {@code files} (name to content), with {@code extra} manifest keys
     * (such as "parent"); returns its id.
     */
    public static String write(Path imageDir, Map<String, byte[]> files, Map<String, Object> extra) throws IOException {
        Path build = Files.createTempDirectory(Files.createDirectories(imageDir), ".build-");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(build.resolve(f.getKey()), f.getValue());
        }
        return seal(build, extra);
    }

    /**
     * A version layered on {@code parent} (beside it in {@code imageDir}): an empty qcow2 layer
     * whose backing file is {@code ../<parent>/base.qcow2}, with the parent's kernel, initrd and
     * other small files; returns its id.
     */
    public static String layer(Path imageDir, String parent, String title) throws IOException, InterruptedException {
        Path build = Files.createTempDirectory(imageDir, ".build-");
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-b", "../" + parent + "/base.qcow2",
                "-F", "qcow2", "base.qcow2").directory(build.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("qemu-img create failed: " + out);
        }
        for (String f : List.of("vmlinuz", "initrd.gz", "cmdline", "screen", "applications")) {
            Path from = imageDir.resolve(parent).resolve(f);
            if (Files.exists(from)) {
                Files.copy(from, build.resolve(f));
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>(parentManifestKeys(imageDir.resolve(parent)));
        extra.put("parent", parent);
        extra.put("title", title);
        extra.put("source", "maintenance");
        return seal(build, extra);
    }

    private static Map<String, Object> parentManifestKeys(Path parentDir) throws IOException {
        Map<String, Object> keys = new LinkedHashMap<>();
        var m = JSON.readTree(Files.readAllBytes(parentDir.resolve("manifest.json")));
        for (String k : List.of("applications", "cmdline", "format", "name", "screen")) {
            if (m.has(k)) {
                keys.put(k, m.get(k));
            }
        }
        return keys;
    }

    private static String seal(Path build, Map<String, Object> extra) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        extra.forEach((k, v) -> manifest.set(k, JSON.valueToTree(v)));
        ObjectNode files = manifest.putObject("files");
        Map<String, Path> sorted = new TreeMap<>();
        try (Stream<Path> list = Files.list(build)) {
            list.forEach(f -> sorted.put(f.getFileName().toString(), f));
        }
        for (Map.Entry<String, Path> f : sorted.entrySet()) {
            files.putObject(f.getKey()).put("sha256", sha256(f.getValue())).put("size", Files.size(f.getValue()));
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        Files.write(build.resolve("manifest.json"), bytes);
        String id = HexFormat.of().formatHex(digest().digest(bytes)).substring(0, 16);
        Files.move(build, build.resolveSibling(id), StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
