package dev.ventana.host.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.guest.ImageVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class ManifestsTest {
    private final ObjectMapper json = JsonMapper.builder().build();
    @TempDir
    Path dir;

    private JsonNode parent() {
        return json.readTree("""
                {"format":1,"name":"tiny","screen":{"width":720,"height":400},"cmdline":"console=ttyS0",
                 "applications":[{"id":"shell","name":"Shell","icon":"terminal","command":"sh -l"}],
                 "inputs":{"release":"1"},"files":{}}""");
    }

    @Test
    void namesEveryFileWithItsHashAndTheVersionByTheManifestsHash() throws Exception {
        Files.writeString(dir.resolve("base.qcow2"), "layer");
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Files.writeString(dir.resolve("cmdline"), "console=ttyS0 quiet\n");
        Instant at = Instant.parse("2026-11-29T04:00:00Z");

        String id = new Manifests(json).write(dir, parent(),
                new ImageVersion.Origin("0123456789abcdef", "Firefox 140", "security update", "maintenance", "alice", at));

        byte[] manifest = Files.readAllBytes(dir.resolve("manifest.json"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
        assertThat(id).hasSize(16).isEqualTo(sha.substring(0, 16));
        JsonNode m = json.readTree(manifest);
        assertThat(m.path("parent").asString()).isEqualTo("0123456789abcdef");
        assertThat(m.path("title").asString()).isEqualTo("Firefox 140");
        assertThat(m.path("note").asString()).isEqualTo("security update");
        assertThat(m.path("source").asString()).isEqualTo("maintenance");
        assertThat(m.path("createdBy").asString()).isEqualTo("alice");
        assertThat(m.path("createdAt").asString()).isEqualTo("2026-11-29T04:00:00Z");
        assertThat(m.path("cmdline").asString()).isEqualTo("console=ttyS0 quiet");
        assertThat(m.path("name").asString()).isEqualTo("tiny");
        assertThat(m.path("screen").path("width").asInt()).isEqualTo(720);
        assertThat(m.path("applications").get(0).path("id").asString()).isEqualTo("shell");
        assertThat(m.path("files").propertyNames()).containsExactlyInAnyOrder("base.qcow2", "vmlinuz", "cmdline");
        assertThat(m.path("files").path("vmlinuz").path("sha256").asString()).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("kernel".getBytes())));
        assertThat(m.path("files").path("vmlinuz").path("size").asLong()).isEqualTo(6);
        // Keys sorted like deploy/images/lib.sh's json.dump(sort_keys=True), ending in a newline.
        String text = new String(manifest);
        assertThat(text.indexOf("\"applications\"")).isLessThan(text.indexOf("\"cmdline\""));
        assertThat(text.indexOf("\"createdAt\"")).isLessThan(text.indexOf("\"createdBy\""));
        assertThat(text).endsWith("}\n");
    }

    @Test
    void aSealedVersionKeepsItsParentsDisplayDevices() throws Exception {
        Files.writeString(dir.resolve("base.qcow2"), "layer");
        Instant at = Instant.parse("2026-11-29T04:00:00Z");
        ImageVersion.Origin origin = new ImageVersion.Origin("0123456789abcdef", "A", "", "maintenance", "bob", at);
        JsonNode virtio = json.readTree(parent().toString().replaceFirst("\\{", "{\"display\":\"virtio-dbus\","));
        new Manifests(json).write(dir, virtio, origin);
        assertThat(json.readTree(dir.resolve("manifest.json").toFile()).path("display").asString()).isEqualTo("virtio-dbus");
        new Manifests(json).write(dir, parent(), origin);
        assertThat(json.readTree(dir.resolve("manifest.json").toFile()).has("display")).isFalse();
    }

    @Test
    void aFlattenedVersionHasNoParentAndAnotherLabelAnotherId() throws Exception {
        Files.writeString(dir.resolve("base.qcow2"), "full");
        Instant at = Instant.parse("2026-11-29T04:00:00Z");
        Manifests manifests = new Manifests(json);
        String first = manifests.write(dir, parent(), new ImageVersion.Origin(null, "A", "", "maintenance", "bob", at));
        assertThat(json.readTree(dir.resolve("manifest.json").toFile()).has("parent")).isFalse();
        String again = manifests.write(dir, parent(), new ImageVersion.Origin(null, "A", "", "maintenance", "bob", at));
        String other = manifests.write(dir, parent(), new ImageVersion.Origin(null, "B", "", "maintenance", "bob", at));
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void bootFilesPickTheNewestRegularKernelWithItsInitrd() {
        String ls = """
                /2/40755/0/0/./
                /12/100644/0/0/vmlinuz-6.1.0-9-amd64/7000000/
                /13/100644/0/0/initrd.img-6.1.0-9-amd64/30000000/
                /14/100644/0/0/vmlinuz-6.1.0-40-amd64/7000000/
                /15/100644/0/0/initrd.img-6.1.0-40-amd64/30000000/
                /16/100644/0/0/vmlinuz-6.2.0-1-amd64/7000000/
                /17/120777/0/0/vmlinuz/22/
                """;
        assertThat(BootFiles.newest(ls)).contains(new BootFiles.Pair("vmlinuz-6.1.0-40-amd64", "initrd.img-6.1.0-40-amd64"));
        assertThat(BootFiles.newest("/2/40755/0/0/./\n")).isEmpty();
        assertThat(BootFiles.newest("")).isEmpty();
    }
}
