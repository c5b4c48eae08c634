package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.fuzz.Budget;
import dev.ventana.server.fuzz.HostileBytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile uploads of an image bundle (docs/benchmarks.md, "Hostile bytes: fuzz runs"): tars and
 * gzipped tars as an admin's tool writes them, mutated, and random bytes. The reader either writes
 * plain files inside its directory, within the limit, or refuses with a VentanaException
 * (BAD_REQUEST or TOO_LARGE); nothing else escapes, and nothing lands outside the directory. Each
 * input gets a fresh directory on /dev/shm where there is one, since a million inputs write files.
 * Tries: jqwik's default; bench/fuzz/run.sh raises them.
 */
class BundleReaderFuzzTest {
    private static final long LIMIT = 64 * 1024;
    /** Two 64 KiB buffers per file, commons-compress's own, and at most 64 files' names and hashes. */
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(2), 24L << 20,
            t -> t instanceof VentanaException v && (v.kind() == ErrorKind.BAD_REQUEST || v.kind() == ErrorKind.TOO_LARGE));
    private static Path scratch;
    private int next;

    @BeforeContainer
    static void makeScratch() throws IOException {
        Path shm = Path.of("/dev/shm");
        scratch = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "bundle-fuzz") : Files.createTempDirectory("bundle-fuzz");
    }

    @AfterContainer
    static void removeScratch() throws IOException {
        deleteTree(scratch);
    }

    @Property
    void randomBodies(@ForAll("random") byte[] body) throws IOException {
        check(body);
    }

    @Property
    void mutatedBundles(@ForAll("mutated") byte[] body) throws IOException {
        check(body);
    }

    /** A mutated tar, gzipped after the mutation, so the tar reader sees it through the gzip reader. */
    @Property
    void gzippedMutatedTars(@ForAll("mutatedTars") byte[] tar) throws IOException {
        check(gzip(tar));
    }

    private void check(byte[] body) throws IOException {
        Path dir = scratch.resolve(Integer.toString(next++));
        BUDGET.check(body, () -> {
            deleteTree(dir); // a second measured run starts from an empty directory too
            Files.createDirectory(dir);
            Map<String, ReceivedFile> files = new BundleReader(LIMIT).extract(new ByteArrayInputStream(body), dir);
            long total = 0;
            for (ReceivedFile f : files.values()) {
                assertThat(Files.size(dir.resolve(f.name()))).isEqualTo(f.size());
                total += f.size();
            }
            assertThat(total).isLessThanOrEqualTo(LIMIT);
        });
        try (Stream<Path> written = Files.list(dir)) {
            assertThat(written.allMatch(Files::isRegularFile)).as("plain files only, directly in the directory").isTrue();
        }
        deleteTree(dir);
    }

    @Provide
    Arbitrary<byte[]> random() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        List<byte[]> tars = tars();
        List<byte[]> seeds = new java.util.ArrayList<>(tars);
        tars.forEach(t -> seeds.add(gzip(t)));
        return HostileBytes.mutationsOf(seeds, 16 * 1024);
    }

    @Provide
    Arbitrary<byte[]> mutatedTars() {
        return HostileBytes.mutationsOf(tars(), 16 * 1024);
    }

    private static List<byte[]> tars() {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        return List.of(
                new Bundle().file("manifest.json", "{\"id\":\"f694545a6dcb61f3\"}".getBytes(StandardCharsets.UTF_8))
                        .file("vmlinuz", hello).tar(),
                new Bundle().directory("f694545a6dcb61f3").file("f694545a6dcb61f3/vmlinuz", hello)
                        .file("f694545a6dcb61f3/initrd.gz", new byte[700]).tar(),
                new Bundle().directory("./").file("./vmlinuz", hello).tar(),
                // A name over 100 characters goes in a PAX header, the tar reader's most intricate path.
                new Bundle().file("a".repeat(120), hello).file("b", new byte[1]).tar(),
                new Bundle().symlink("base.qcow2", "/etc/shadow").file("x", hello).tar());
    }

    private static byte[] gzip(byte[] tar) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GzipCompressorOutputStream(bytes)) {
            gzip.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
