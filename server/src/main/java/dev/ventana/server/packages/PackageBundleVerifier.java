package dev.ventana.server.packages;

import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.hosts.HostPackage;
import dev.ventana.server.images.BundleManifest;
import dev.ventana.server.images.ReceivedFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.ventana.server.images.BundleReader.refused;

/**
 * The checks a received package bundle passes beyond every bundle's (images.BundleManifest):
 * kind "package", the URL's name, exactly one file, package.sqfs, which is a squashfs 4 image
 * (magic {@code hsqs}) whose superblock's bytes_used fits its size, padded to 4 KiB as a raw disk;
 * applications with ids, names and icons as an image's; madeFor names an image.
 */
final class PackageBundleVerifier {
    static final String SQFS = "package.sqfs";
    static final int MAX_APPLICATIONS = 32;
    private static final int SQUASHFS_MAGIC = 0x73717368; // "hsqs", little-endian
    private static final int SUPERBLOCK = 96;
    private static final Pattern APPLICATION_ID = PackagedApplications.ID;
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> ICONS = PackagedApplications.ICONS;
    private static final Set<String> SOURCES = Set.of("script", "packaging", "upload");
    private final JsonMapper json;

    PackageBundleVerifier(JsonMapper json) {
        this.json = json;
    }

    /** The version as the catalogue registers it, uploaded by {@code actor}: its source is "upload". */
    record Verified(BundleManifest manifest, HostPackage version) {
    }

    Verified verify(String name, Path dir, Map<String, ReceivedFile> files, String actor) {
        BundleManifest checked = BundleManifest.check(json, dir, files, "package", name, "package");
        JsonNode m = checked.json();
        if (!m.path("format").isMissingNode() && m.path("format").asInt(0) != 1) {
            throw refused("manifest.json's format is " + m.path("format") + "; only format 1 is known.");
        }
        if (!m.path("files").has(SQFS) || m.path("files").size() != 1) {
            throw refused("manifest.json must list exactly one file, '" + SQFS + "'.");
        }
        checkSquashfs(dir.resolve(SQFS));
        String title = checked.text("title");
        if (title != null && title.length() > 100) {
            throw refused("manifest.json's title must be at most 100 characters.");
        }
        String note = checked.text("note");
        if (note != null && note.length() > 1000) {
            throw refused("manifest.json's note must be at most 1000 characters.");
        }
        String createdBy = checked.text("createdBy");
        if (createdBy != null && (createdBy.isBlank() || createdBy.length() > 200)) {
            throw refused("manifest.json's createdBy must be 1 to 200 characters.");
        }
        String source = checked.text("source");
        if (source != null && !SOURCES.contains(source)) {
            throw refused("manifest.json's source must be one of " + SOURCES.stream().sorted().toList() + ".");
        }
        Instant createdAt = instant(checked.text("createdAt"));
        HostPackage version = new HostPackage(name, checked.id(), checked.sha256(), title, note, "upload",
                createdBy == null ? actor : createdBy, createdAt, madeFor(m.path("madeFor")),
                applications(m.path("applications")), checked.listedBytes());
        return new Verified(checked, version);
    }

    /** The squashfs 4 superblock: magic, major version 4, and bytes_used within the file. */
    private static void checkSquashfs(Path sqfs) {
        try (InputStream in = Files.newInputStream(sqfs)) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(SUPERBLOCK)).order(ByteOrder.LITTLE_ENDIAN);
            if (header.remaining() < SUPERBLOCK || header.getInt(0) != SQUASHFS_MAGIC) {
                throw refused("'" + SQFS + "' is not a squashfs image (it does not start with hsqs).");
            }
            int major = header.getShort(28);
            if (major != 4) {
                throw refused("'" + SQFS + "' is squashfs version " + major + "; only version 4 is known.");
            }
            long size = Files.size(sqfs);
            long used = header.getLong(40);
            if (used < SUPERBLOCK || used > size) {
                throw refused("'" + SQFS + "' says it uses " + used + " bytes but is " + size + " bytes long"
                        + (used > size ? " (truncated)." : "."));
            }
            if (size % 4096 != 0) {
                throw refused("'" + SQFS + "' is " + size + " bytes; a package's disk is padded to a multiple of 4096.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HostPackage.MadeFor madeFor(JsonNode madeFor) {
        String image = madeFor.path("image").isString() ? madeFor.path("image").asString() : null;
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw refused("manifest.json's madeFor must name the image the package was made for: {\"image\",\"version\",\"os\"}.");
        }
        JsonNode v = madeFor.path("version");
        String version = v.isMissingNode() || v.isNull() ? null : v.asString("");
        if (version != null && !StoredPackages.VERSION_ID.matcher(version).matches()) {
            throw refused("manifest.json's madeFor.version must be a 16-hex version id or null.");
        }
        JsonNode o = madeFor.path("os");
        String os = o.isMissingNode() || o.isNull() ? "" : o.asString("");
        if (os.length() > 100) {
            throw refused("manifest.json's madeFor.os must be at most 100 characters.");
        }
        return new HostPackage.MadeFor(image, version, os);
    }

    private static List<HostImage.Application> applications(JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray() || list.size() > MAX_APPLICATIONS) {
            throw refused("manifest.json's applications must be a list of at most " + MAX_APPLICATIONS + ".");
        }
        List<HostImage.Application> applications = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode a : list) {
            String id = a.path("id").asString("");
            String name = a.path("name").asString("");
            String icon = a.path("icon").asString("");
            String command = a.path("command").asString("");
            if (!APPLICATION_ID.matcher(id).matches() || !ids.add(id)) {
                throw refused("manifest.json's application id '" + id + "' must be unique and match [a-z][a-z0-9-]{0,31}.");
            }
            if (name.isBlank() || name.length() > 100 || command.isBlank() || command.contains("\n")
                    || name.contains("|")) {
                throw refused("manifest.json's application '" + id + "' needs a name (1 to 100 characters, no '|')"
                        + " and a command (one line).");
            }
            if (!ICONS.contains(icon)) {
                throw refused("manifest.json's application '" + id + "' has the icon '" + icon + "'; icons are "
                        + ICONS.stream().sorted().toList() + " (docs/api.md, \"Icons\").");
            }
            applications.add(new HostImage.Application(id, name, icon));
        }
        return applications;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw refused("manifest.json's createdAt '" + text + "' is not a UTC time such as 2026-11-29T20:00:00Z.");
        }
    }
}
