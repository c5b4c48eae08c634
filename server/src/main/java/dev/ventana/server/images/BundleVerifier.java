package dev.ventana.server.images;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.ventana.server.images.BundleReader.refused;

/**
 * The checks a received bundle passes before it may become a version, each refusal naming the
 * check and the file: the manifest is JSON naming this image and listing its files; every listed
 * file is there with its size and sha256 and nothing unlisted is; the base disk is a real qcow2
 * whose backing file is the parent's (docs/api.md) or none; kernel and initrd are listed.
 */
final class BundleVerifier {
    static final Set<String> REQUIRED = Set.of("base.qcow2", "vmlinuz", "initrd.gz");
    private static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{16}");
    private static final int QCOW2_MAGIC = 0x514649fb; // "QFI\xfb"
    private final JsonMapper json;

    BundleVerifier(JsonMapper json) {
        this.json = json;
    }

    VerifiedBundle verify(String image, Path dir, Map<String, ReceivedFile> files) {
        BundleManifest checked = BundleManifest.check(json, dir, files, "image", image, null);
        JsonNode manifest = checked.json();
        JsonNode listed = manifest.path("files");
        for (String name : REQUIRED.stream().sorted().toList()) {
            if (!listed.has(name)) {
                throw refused("manifest.json lists no '" + name + "'; a version needs base.qcow2, vmlinuz and initrd.gz.");
            }
        }
        String parent = text(manifest, "parent");
        if (parent != null && !VERSION_ID.matcher(parent).matches()) {
            throw refused("manifest.json's parent '" + parent + "' is not a 16-hex version id.");
        }
        checkQcow2(dir.resolve("base.qcow2"), parent);
        String title = text(manifest, "title");
        if (title != null && (title.isBlank() || title.length() > 100)) {
            throw refused("manifest.json's title must be 1 to 100 characters.");
        }
        String note = text(manifest, "note");
        if (note != null && note.length() > 1000) {
            throw refused("manifest.json's note must be at most 1000 characters.");
        }
        return new VerifiedBundle(image, checked.id(), checked.sha256(), manifest, checked.listedBytes(), parent, title,
                note);
    }

    /** The qcow2 header: magic, version 2 or 3, and a backing file only as a layer on its parent. */
    private static void checkQcow2(Path disk, String parent) {
        try (InputStream in = Files.newInputStream(disk)) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(20));
            if (header.remaining() < 20 || header.getInt(0) != QCOW2_MAGIC) {
                throw refused("'base.qcow2' is not a qcow2 image (it does not start with QFI\\xfb).");
            }
            int version = header.getInt(4);
            if (version != 2 && version != 3) {
                throw refused("'base.qcow2' is qcow2 version " + version + "; only versions 2 and 3 are known.");
            }
            long backingOffset = header.getLong(8);
            int backingSize = header.getInt(16);
            String expected = parent == null ? null : "../" + parent + "/base.qcow2";
            String backing = backingOffset == 0 ? null : backingFile(disk, backingOffset, backingSize);
            if (backing == null && expected != null) {
                throw refused("'base.qcow2' has no backing file, but manifest.json names the parent " + parent + ".");
            }
            if (backing != null && !backing.equals(expected)) {
                // A backing file anywhere else would let a guest read whatever file the host has there.
                throw refused("'base.qcow2' is backed by '" + backing + "'; "
                        + (expected == null ? "a version without a parent may have no backing file."
                        : "a layer must be backed by '" + expected + "'."));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String backingFile(Path disk, long offset, int size) throws IOException {
        if (size <= 0 || size > 1023 || offset < 20 || offset > Files.size(disk) - size) {
            throw refused("'base.qcow2' has a malformed backing file entry in its qcow2 header.");
        }
        try (var channel = Files.newByteChannel(disk)) {
            ByteBuffer name = ByteBuffer.allocate(size);
            channel.position(offset);
            while (name.hasRemaining() && channel.read(name) > 0) {
                // read it all
            }
            return new String(name.array(), 0, name.position(), StandardCharsets.UTF_8);
        }
    }

    private static String text(JsonNode manifest, String key) {
        return BundleManifest.text(manifest, key);
    }
}
