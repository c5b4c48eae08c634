package dev.ventana.server.packages;

import dev.ventana.server.images.Bundle;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Package versions as deploy/packages/make.sh makes them (docs/api.md, "Packages"): a real
 * squashfs made by mksquashfs from a directory holding the applications file, and a manifest
 * written with sorted keys, whose sha256's start is the id.
 */
public final class PackageBundles {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private PackageBundles() {
    }

    /** One version: its manifest's bytes, the squashfs, and the id. */
    public record Version(String name, String id, byte[] manifest, byte[] sqfs) {
        /** The bundle as make.sh --bundle writes it: one directory named by the id. */
        public byte[] tar() {
            return new Bundle().directory(id).file(id + "/package.sqfs", sqfs).file(id + "/manifest.json", manifest).tar();
        }

        public String sha256() {
            return PackageBundles.sha256(manifest);
        }
    }

    /** A squashfs of one application file, padded to 4 KiB as mksquashfs does; unique per call. */
    public static byte[] sqfs(Path scratch, String... applications) {
        try {
            Path from = Files.createTempDirectory(scratch, "pkg-");
            Path etc = Files.createDirectories(from.resolve("etc/ventana/package"));
            Files.writeString(etc.resolve("applications"), String.join("\n", applications) + "\n");
            Files.writeString(from.resolve("nonce"), System.nanoTime() + "\n");
            Path out = scratch.resolve(from.getFileName() + ".sqfs");
            Process p = new ProcessBuilder("mksquashfs", from.toString(), out.toString(), "-comp", "gzip", "-all-root",
                    "-noappend", "-quiet", "-no-progress").redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(said).isZero();
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The manifest make.sh writes for {@code sqfs}, applications as {@code id|name|icon|command}. */
    public static ObjectNode manifest(String name, String madeForImage, byte[] sqfs, String... applications) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", 1).put("kind", "package").put("name", name).put("title", name + " " + System.nanoTime())
                .put("note", "made by a test").put("source", "script").put("createdBy", "make.sh")
                .put("createdAt", "2026-11-29T20:00:00Z");
        m.putObject("madeFor").put("image", madeForImage).putNull("version").put("os", "ventana-tiny");
        ArrayNode apps = m.putArray("applications");
        for (String a : applications) {
            String[] f = a.split("\\|");
            apps.addObject().put("command", f[3]).put("icon", f[2]).put("id", f[0]).put("name", f[1]);
        }
        m.putObject("files").putObject("package.sqfs").put("sha256", sha256(sqfs)).put("size", sqfs.length);
        return m;
    }

    /** A whole version of {@code name} made for {@code image}, offering {@code applications}. */
    public static Version version(Path scratch, String name, String image, String... applications) {
        byte[] sqfs = sqfs(scratch, applications);
        return of(name, manifest(name, image, sqfs, applications), sqfs);
    }

    /** A version with this manifest (changed by the caller) and these squashfs bytes. */
    public static Version of(String name, ObjectNode manifest, byte[] sqfs) {
        byte[] bytes = bytes(manifest);
        return new Version(name, sha256(bytes).substring(0, 16), bytes, sqfs);
    }

    /** The manifest's bytes: the id hashes whatever bytes they are (make.sh sorts the keys). */
    static byte[] bytes(ObjectNode manifest) {
        return JSON.writeValueAsBytes(manifest);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
