package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Image versions laid out as deploy/images/lib.sh writes them, intact and damaged. */
class ImageCatalogTest {
    @TempDir
    Path images;
    private final ObjectMapper json = JsonMapper.builder().build();
    private ImageCatalog catalog;
    private String id;

    @BeforeEach
    void version() throws Exception {
        id = write("tiny", Map.of("base.qcow2", "base-disk", "vmlinuz", "kernel", "initrd.gz", "initrd",
                "cmdline", "console=ttyS0\n", "screen", "720x400\n"));
        Files.createSymbolicLink(images.resolve("tiny/current"), Path.of(id));
        catalog = new ImageCatalog(images, json);
    }

    private String write(String image, Map<String, String> contents) throws Exception {
        return write(image, contents, null);
    }

    /** {@code applications}: the manifest's "applications" value, or null to leave the key out. */
    private String write(String image, Map<String, String> contents, Object applications) throws Exception {
        return write(image, contents, applications, Map.of());
    }

    /** {@code extra}: more manifest keys, such as a sealed version's "parent" and "title". */
    private String write(String image, Map<String, String> contents, Object applications, Map<String, Object> extra)
            throws Exception {
        Path staging = Files.createDirectories(images.resolve(image).resolve("staging"));
        Map<String, Object> files = new TreeMap<>();
        for (var e : contents.entrySet()) {
            byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
            Files.write(staging.resolve(e.getKey()), bytes);
            files.put(e.getKey(), Map.of("sha256", sha256(bytes), "size", bytes.length));
        }
        Map<String, Object> m = new TreeMap<>(Map.of("format", 1, "name", image, "cmdline", "console=ttyS0",
                "screen", Map.of("width", 720, "height", 400), "files", files));
        if (applications != null) {
            m.put("applications", applications);
        }
        m.putAll(extra);
        byte[] manifest = json.writeValueAsBytes(m);
        Files.write(staging.resolve("manifest.json"), manifest);
        String versionId = sha256(manifest).substring(0, 16);
        Files.move(staging, images.resolve(image).resolve(versionId));
        return versionId;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void resolvesTheCurrentVersionAndAnExplicitOne() {
        ImageVersion current = catalog.resolve("tiny", null);
        assertThat(current.id()).isEqualTo(id);
        assertThat(current.cmdline()).isEqualTo("console=ttyS0");
        assertThat(current.screenWidth()).isEqualTo(720);
        assertThat(current.base()).hasFileName("base.qcow2");
        assertThat(catalog.resolve("tiny", id)).isEqualTo(current);
        assertThat(catalog.list()).extracting(ImageVersion::id).containsExactly(id);
    }

    @Test
    void theListingFollowsVersionsAddedAndRemovedBetweenCalls() throws Exception {
        assertThat(catalog.list()).extracting(ImageVersion::id).containsExactly(id);
        String added = write("tiny", Map.of("base.qcow2", "added", "vmlinuz", "kernel", "initrd.gz", "initrd"));
        assertThat(catalog.list()).extracting(ImageVersion::id).containsExactlyInAnyOrder(id, added);

        catalog.remove("tiny", added, java.util.Set.of());
        assertThat(catalog.list()).extracting(ImageVersion::id).containsExactly(id);
    }

    @Test
    void aBuiltVersionHasNoOriginAndCountsItsFilesBytes() {
        ImageVersion v = catalog.resolve("tiny", null);
        assertThat(v.origin()).isEqualTo(ImageVersion.Origin.UNKNOWN);
        // base-disk, kernel, initrd, "console=ttyS0\n", "720x400\n": the manifest's own files.
        assertThat(v.sizeBytes()).isEqualTo(9 + 6 + 6 + 14 + 8);
    }

    @Test
    void readsWhereASealedVersionComesFromOffItsManifest() throws Exception {
        String sealed = write("tiny", Map.of("base.qcow2", "layer", "vmlinuz", "kernel", "initrd.gz", "initrd"),
                null, Map.of("parent", id, "title", "Hello motd", "note", "a greeting", "source", "maintenance",
                        "createdBy", "admin", "createdAt", "2026-11-29T06:00:00Z"));

        ImageVersion v = catalog.resolve("tiny", sealed);

        assertThat(v.origin()).isEqualTo(new ImageVersion.Origin(id, "Hello motd", "a greeting", "maintenance",
                "admin", Instant.parse("2026-11-29T06:00:00Z")));
        assertThat(v.sizeBytes()).isEqualTo(5 + 6 + 6);
    }

    @Test
    void anOriginKeyThatIsNoTextOrNoInstantReadsAsAbsent() throws Exception {
        String odd = write("tiny", Map.of("base.qcow2", "odd", "vmlinuz", "kernel", "initrd.gz", "initrd"),
                null, Map.of("title", 42, "createdAt", "yesterday", "createdBy", "bob"));

        ImageVersion.Origin o = catalog.resolve("tiny", odd).origin();

        assertThat(o.title()).isNull();
        assertThat(o.createdAt()).isNull();
        assertThat(o.createdBy()).isEqualTo("bob");
    }

    @Test
    void unknownImagesAndVersionsAreNotFound() {
        assertThatThrownBy(() -> catalog.resolve("office", null)).isInstanceOfSatisfying(GuestException.class,
                e -> assertThat(e.reason()).isEqualTo(GuestException.Reason.UNKNOWN_IMAGE));
        assertThatThrownBy(() -> catalog.resolve("tiny", "0123456789abcdef")).hasMessageContaining("no version");
    }

    @Test
    void aManifestThatNoLongerMatchesItsVersionIdIsRefused() throws Exception {
        Path manifest = images.resolve("tiny").resolve(id).resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("console=ttyS0", "init=/bin/sh"));
        assertThatThrownBy(() -> catalog.resolve("tiny", id)).hasMessageContaining("does not match the version id");
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void aTamperedBaseDiskIsRefusedBeforeItBoots() throws Exception {
        Files.writeString(images.resolve("tiny").resolve(id).resolve("base.qcow2"), "evil-disk");
        assertThatThrownBy(() -> catalog.resolve("tiny", id)).hasMessageContaining("base.qcow2 does not match its sha256");
    }

    private static final Map<String, String> OFFICE = Map.of("base.qcow2", "office-disk", "vmlinuz", "kernel",
            "initrd.gz", "initrd", "cmdline", "console=ttyS0\n", "screen", "1024x768\n");

    @Test
    void readsTheApplicationsAVersionPublishes() throws Exception {
        String office = write("office", OFFICE, List.of(
                Map.of("id", "editor", "name", "Text editor", "command", "mousepad", "icon", "editor"),
                Map.of("id", "terminal", "name", "Terminal", "command", "xterm", "icon", "terminal"),
                Map.of("id", "paint", "name", "Paint", "command", "paint", "icon", "palette")));

        ImageVersion v = catalog.resolve("office", office);

        assertThat(v.applications()).containsExactly(new Application("editor", "Text editor", "editor"),
                new Application("terminal", "Terminal", "terminal"),
                new Application("paint", "Paint", Application.GENERIC_ICON));
        assertThat(v.application("terminal")).contains(new Application("terminal", "Terminal", "terminal"));
        assertThat(v.application("shell")).isEmpty();
    }

    @Test
    void aManifestWithoutApplicationsPublishesNone() {
        assertThat(catalog.resolve("tiny", null).applications()).isEmpty();
    }

    @Test
    void aMalformedApplicationMakesTheVersionUnusable() throws Exception {
        String noName = write("office", OFFICE, List.of(Map.of("id", "editor", "icon", "editor")));
        assertThatThrownBy(() -> catalog.resolve("office", noName)).isInstanceOfSatisfying(GuestException.class,
                        e -> assertThat(e.reason()).isEqualTo(GuestException.Reason.UNKNOWN_IMAGE))
                .hasMessageContaining("application #1").hasMessageContaining("needs a unique id");
        assertThat(catalog.list()).extracting(ImageVersion::id).doesNotContain(noName);

        String badId = write("office", Map.of("base.qcow2", "other-disk", "vmlinuz", "kernel", "initrd.gz", "initrd",
                "cmdline", "console=ttyS0\n", "screen", "1024x768\n"), List.of(Map.of("id", "Editor X", "name", "E")));
        assertThatThrownBy(() -> catalog.resolve("office", badId)).hasMessageContaining("application #1");

        String notAList = write("office", Map.of("base.qcow2", "third-disk", "vmlinuz", "kernel", "initrd.gz", "initrd",
                "cmdline", "console=ttyS0\n", "screen", "1024x768\n"), Map.of("id", "editor"));
        assertThatThrownBy(() -> catalog.resolve("office", notAList)).hasMessageContaining("not a list");
    }
}
