package dev.ventana.server.images;

import dev.ventana.server.TestMachine;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Version bundles made from the real tiny image version, each under a manifest of its own. */
final class TinyBundles {
    static final String IMAGE = "tiny";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ObjectNode MANIFEST;
    static final Map<String, byte[]> FILES;

    static {
        try {
            Path current = Path.of(TestMachine.required("ventana.images.dir"), IMAGE, "current");
            MANIFEST = (ObjectNode) JSON.readTree(Files.readAllBytes(current.resolve("manifest.json")));
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String name : MANIFEST.path("files").propertyNames()) {
                files.put(name, Files.readAllBytes(current.resolve(name)));
            }
            FILES = Collections.unmodifiableMap(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TinyBundles() {
    }

    /** A qcow2 layer on {@code parent}, made by qemu-img as maintenance sealing makes one. */
    static byte[] layer(Path scratch, String parent, String title) throws Exception {
        Path layer = scratch.resolve(title.replace(' ', '-') + ".qcow2");
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-u", "-b", "../" + parent + "/base.qcow2",
                "-F", "qcow2", layer.toString(), "64M").redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        byte[] disk = Files.readAllBytes(layer);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("base.qcow2", disk);
        files.put("vmlinuz", FILES.get("vmlinuz"));
        files.put("initrd.gz", FILES.get("initrd.gz"));
        ObjectNode m = MANIFEST.deepCopy();
        ObjectNode listed = m.putObject("files");
        files.forEach((name, content) -> listed.putObject(name).put("sha256", sha256(content)).put("size", content.length));
        m.put("parent", parent);
        byte[] manifestBytes = bytes(m, title);
        return bundle(id(manifestBytes), manifestBytes, files).tar();
    }

    /** The real manifest with a title of its own, so that each test uploads a version of its own. */
    static byte[] manifest(String title) {
        return bytes(MANIFEST.deepCopy(), title);
    }

    static byte[] bytes(ObjectNode m, String title) {
        m.put("title", title + " " + System.nanoTime());
        return JSON.writeValueAsBytes(m);
    }

    static Bundle bundle(String directory, byte[] manifestBytes, Map<String, byte[]> files) {
        Bundle bundle = new Bundle();
        String prefix = directory == null ? "" : directory + "/";
        if (directory != null) {
            bundle.directory(directory);
        }
        files.forEach((name, content) -> bundle.file(prefix + name, content));
        return bundle.file(prefix + "manifest.json", manifestBytes); // last, as nothing says it comes first
    }

    static String id(byte[] manifestBytes) {
        return sha256(manifestBytes).substring(0, 16);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
