package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.fuzz.Budget;
import dev.ventana.server.fuzz.HostileBytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile manifests and disk headers in an uploaded bundle (docs/benchmarks.md, "Hostile bytes: fuzz
 * runs"), once {@link BundleReaderFuzzTest}'s reader has put the files on disk: a mutated qcow2
 * header, listed with its true size and hash, under a manifest whose JSON is mutated in turn. The
 * verifier accepts or refuses with a BAD_REQUEST VentanaException, nothing else. Tries: jqwik's
 * default; bench/fuzz/run.sh raises them.
 */
class BundleVerifierFuzzTest {
    private static final String PARENT = "0123456789abcdef";
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(2), 8L << 20,
            t -> t instanceof VentanaException v && v.kind() == ErrorKind.BAD_REQUEST);
    private static final BundleVerifier VERIFIER = new BundleVerifier(JsonMapper.builder().build());
    private static Path scratch;

    /** A version's files as the verifier finds them on disk. */
    record Files4(byte[] manifest, byte[] qcow2) {
    }

    @BeforeContainer
    static void makeScratch() throws IOException {
        Path shm = Path.of("/dev/shm");
        scratch = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "verifier-fuzz") : Files.createTempDirectory("verifier-fuzz");
    }

    @AfterContainer
    static void removeScratch() throws IOException {
        try (Stream<Path> paths = Files.walk(scratch)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The seeds pass, so the mutations start from a bundle that reaches every check. */
    @Example
    void theSeedsAreValid() throws IOException {
        byte[] layer = qcow2("../" + PARENT + "/base.qcow2");
        assertThat(verify(new Files4(manifest(layer, PARENT), layer)).parent()).isEqualTo(PARENT);
        byte[] base = qcow2(null);
        assertThat(verify(new Files4(manifest(base, null), base)).parent()).isNull();
    }

    private VerifiedBundle verify(Files4 bundle) throws IOException {
        Path dir = Files.createTempDirectory(scratch, "seed");
        Map<String, ReceivedFile> files = new LinkedHashMap<>();
        files.put("manifest.json", write(dir, "manifest.json", bundle.manifest()));
        files.put("base.qcow2", write(dir, "base.qcow2", bundle.qcow2()));
        files.put("vmlinuz", write(dir, "vmlinuz", KERNEL));
        files.put("initrd.gz", write(dir, "initrd.gz", KERNEL));
        return VERIFIER.verify("tiny", dir, files);
    }

    @Property
    void mutatedManifestsAndHeaders(@ForAll("bundles") Files4 bundle) throws IOException {
        Path dir = Files.createTempDirectory(scratch, "in");
        Map<String, ReceivedFile> files = new LinkedHashMap<>();
        files.put("manifest.json", write(dir, "manifest.json", bundle.manifest()));
        files.put("base.qcow2", write(dir, "base.qcow2", bundle.qcow2()));
        files.put("vmlinuz", write(dir, "vmlinuz", KERNEL));
        files.put("initrd.gz", write(dir, "initrd.gz", KERNEL));
        BUDGET.check(bundle.manifest(), () -> assertThat(VERIFIER.verify("tiny", dir, files).image()).isEqualTo("tiny"));
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : paths.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static final byte[] KERNEL = "kernel".getBytes(StandardCharsets.UTF_8);

    @Provide
    Arbitrary<Files4> bundles() {
        List<byte[]> headers = List.of(qcow2(null), qcow2("../" + PARENT + "/base.qcow2"));
        return Arbitraries.oneOf(Arbitraries.of(headers), HostileBytes.mutationsOf(headers, 4096))
                .flatMap(disk -> {
                    boolean layer = disk.length > 72;
                    byte[] manifest = manifest(disk, layer ? PARENT : null);
                    return Arbitraries.oneOf(Arbitraries.just(manifest),
                            HostileBytes.mutationsOf(List.of(manifest), 8192)).map(m -> new Files4(m, disk));
                });
    }

    /** A qcow2 version 3 header, with the backing file's name after it when there is one. */
    private static byte[] qcow2(String backing) {
        byte[] name = backing == null ? new byte[0] : backing.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(72 + name.length).putInt(0x514649fb).putInt(3)
                .putLong(backing == null ? 0 : 72).putInt(name.length).position(72).put(name).array();
    }

    private static byte[] manifest(byte[] disk, String parent) {
        String entry = "{\"size\":%d,\"sha256\":\"%s\"}";
        String files = "\"base.qcow2\":" + entry.formatted(disk.length, sha(disk)) + ",\"vmlinuz\":"
                + entry.formatted(KERNEL.length, sha(KERNEL)) + ",\"initrd.gz\":" + entry.formatted(KERNEL.length, sha(KERNEL));
        String json = "{\"name\":\"tiny\",\"title\":\"Tiny ünïcode\",\"note\":\"a layer\",\"files\":{" + files + "}"
                + (parent == null ? "" : ",\"parent\":\"" + parent + "\"") + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha(byte[] b) {
        return HexFormat.of().formatHex(BundleReader.sha256().digest(b));
    }

    private static ReceivedFile write(Path dir, String name, byte[] content) throws IOException {
        Files.write(dir.resolve(name), content);
        return new ReceivedFile(name, content.length, sha(content));
    }
}
