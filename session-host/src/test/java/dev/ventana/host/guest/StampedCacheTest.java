package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue's cache: a value is kept while its files' stamps stay, and not while they may still move. */
class StampedCacheTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    @TempDir
    Path dir;
    final AtomicInteger computed = new AtomicInteger();
    final StampedCache<Integer> cache = new StampedCache<>(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aSettledFileIsReadOnceAndAgainWhenItChanges() throws IOException {
        Path f = file("a", "one", NOW.minusSeconds(60));
        assertThat(get(f)).isEqualTo(1);
        assertThat(get(f)).as("kept").isEqualTo(1);

        file("a", "two", NOW.minusSeconds(30));
        assertThat(get(f)).as("its time changed").isEqualTo(2);
        assertThat(get(f)).isEqualTo(2);

        Files.delete(f);
        assertThat(get(f)).as("gone").isEqualTo(3);
        assertThat(get(f)).isEqualTo(3);
    }

    @Test
    void aFileChangedWithinTheLastSecondsIsNotTrustedToStampItsContent() throws IOException {
        Path f = file("b", "one", NOW.minusMillis(500));
        assertThat(get(f)).isEqualTo(1);
        assertThat(get(f)).as("another change in the same clock step would keep this stamp").isEqualTo(2);
    }

    @Test
    void aSameTimeButAnotherSizeOrFileIsAChange() throws IOException {
        Instant at = NOW.minusSeconds(60);
        Path f = file("c", "one", at);
        assertThat(get(f)).isEqualTo(1);
        file("c", "three", at);
        assertThat(get(f)).as("another size").isEqualTo(2);
        Path other = file("d", "thre3", at);
        Files.move(other, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(get(f)).as("another inode").isEqualTo(3);
    }

    @Test
    void forgottenKeysAreComputedAgain() throws IOException {
        Path f = file("e", "one", NOW.minusSeconds(60));
        assertThat(get(f)).isEqualTo(1);
        cache.retain(Set.of());
        assertThat(get(f)).isEqualTo(2);
    }

    private int get(Path f) {
        return cache.get(f, List.of(f), computed::incrementAndGet);
    }

    private Path file(String name, String content, Instant modified) throws IOException {
        Path f = Files.writeString(dir.resolve(name), content);
        Files.setLastModifiedTime(f, FileTime.from(modified));
        return f;
    }
}
