package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Walking crafted tars: what lands on disk, and what is refused before it does. */
class BundleReaderTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    private static final String HELLO_SHA = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    @TempDir
    Path dir;

    @Test
    void topLevelFilesAreWrittenAndHashed() throws Exception {
        var files = extract(new Bundle().file("manifest.json", "{}".getBytes()).file("vmlinuz", HELLO).tar());

        assertThat(files).containsOnlyKeys("manifest.json", "vmlinuz");
        assertThat(files.get("vmlinuz")).isEqualTo(new ReceivedFile("vmlinuz", 5, HELLO_SHA));
        try (var written = Files.walk(dir)) {
            assertThat(Files.readAllBytes(written.filter(p -> p.endsWith("vmlinuz")).findFirst().orElseThrow())).isEqualTo(HELLO);
        }
    }

    @Test
    void filesUnderOneDirectoryGzippedOrWithDotSlashAreTheSame() {
        var underId = extract(new Bundle().directory("f694545a6dcb61f3").file("f694545a6dcb61f3/vmlinuz", HELLO).tgz());
        assertThat(underId).containsOnlyKeys("vmlinuz");
    }

    @Test
    void dotSlashPathsAsTarCDotWritesThem() {
        assertThat(extract(new Bundle().directory("./").file("./vmlinuz", HELLO).tar())).containsOnlyKeys("vmlinuz");
    }

    @Test
    void climbingOutIsRefused() {
        assertRefused(new Bundle().file("../vmlinuz", HELLO).tar(), "climbs out");
        assertRefused(new Bundle().file("v/../../vmlinuz", HELLO).tar(), "climbs out");
    }

    @Test
    void absolutePathsAreRefused() {
        assertRefused(new Bundle().file("/etc/vmlinuz", HELLO).tar(), "absolute path");
    }

    @Test
    void linksAndDevicesAreRefused() {
        assertRefused(new Bundle().symlink("base.qcow2", "/etc/shadow").tar(), "'base.qcow2' is a link");
        assertRefused(new Bundle().device("base.qcow2").tar(), "is a device");
    }

    @Test
    void nestedDirectoriesAreRefused() {
        assertRefused(new Bundle().directory("a/b").tar(), "nested directory");
        assertRefused(new Bundle().file("a/b/vmlinuz", HELLO).tar(), "nested directory");
    }

    @Test
    void filesOutsideTheOneDirectoryAreRefused() {
        assertRefused(new Bundle().file("a/vmlinuz", HELLO).file("b/initrd.gz", HELLO).tar(), "outside the bundle's one directory 'a'");
        assertRefused(new Bundle().file("vmlinuz", HELLO).file("a/initrd.gz", HELLO).tar(), "outside the bundle's one directory");
    }

    @Test
    void duplicatesAreRefused() {
        assertRefused(new Bundle().file("vmlinuz", HELLO).file("./vmlinuz", HELLO).tar(), "'vmlinuz' is in the bundle twice");
    }

    @Test
    void oddNamesAreRefused() {
        assertRefused(new Bundle().file(".hidden", HELLO).tar(), "not a file name");
        assertRefused(new Bundle().file("a b", HELLO).tar(), "not a file name");
    }

    @Test
    void aTruncatedTarIsRefused() {
        byte[] tar = new Bundle().file("vmlinuz", new byte[20_000]).tar();
        assertRefused(Arrays.copyOf(tar, 5_000), "not a complete tar");
    }

    @Test
    void moreBytesThanTheLimitAreRefusedAsTooLarge() {
        byte[] zeros = new byte[300_000];
        // Gzipped, the body is tiny: the limit holds for what it unpacks to as well.
        assertThatThrownBy(() -> new BundleReader(100_000).extract(
                new ByteArrayInputStream(new Bundle().file("vmlinuz", zeros).tgz()), dir))
                .isInstanceOfSatisfying(VentanaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TOO_LARGE));
    }

    @Test
    void tooManyFilesAreRefused() {
        Bundle many = new Bundle();
        for (int i = 0; i <= BundleReader.MAX_FILES; i++) {
            many.file("f" + i, HELLO);
        }
        assertRefused(many.tar(), "more than " + BundleReader.MAX_FILES + " files");
    }

    private Map<String, ReceivedFile> extract(byte[] bundle) {
        try {
            // A fresh directory each time, as each upload has its own.
            return new BundleReader(1 << 30).extract(new ByteArrayInputStream(bundle), Files.createTempDirectory(dir, "upload"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertRefused(byte[] bundle, String message) {
        assertThatThrownBy(() -> extract(bundle))
                .isInstanceOfSatisfying(VentanaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
                .hasMessageContaining(message);
    }
}
