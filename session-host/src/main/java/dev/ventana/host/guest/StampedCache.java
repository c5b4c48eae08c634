package dev.ventana.host.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Values computed from files, kept while none of the files changed: the heartbeat lists the
 * image catalogue every few seconds, and re-reading every manifest each time was most of its
 * cost. A file's stamp is its modification time, size and inode (a file renamed over another has
 * a new one); a directory's time changes when an entry is added, removed or renamed in it.
 *
 * <p>The kernel stamps files with a clock that moves in steps of milliseconds, so two changes
 * within one step can leave the same time. A value whose files changed within {@link #SETTLED} is
 * therefore not kept (computed again next time), as git does with its "racily clean" entries.
 */
final class StampedCache<V> {
    static final Duration SETTLED = Duration.ofSeconds(2);
    private final Map<Path, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    private record Stamp(FileTime modified, long size, Object key) {
    }

    private record Entry<V>(List<Stamp> stamps, V value) {
    }

    StampedCache(Clock clock) {
        this.clock = clock;
    }

    /** What {@code compute} makes of {@code files}, named by {@code key}: the kept value while they are unchanged. */
    V get(Path key, List<Path> files, Supplier<V> compute) {
        List<Stamp> stamps = new ArrayList<>(files.size());
        Instant settled = clock.instant().minus(SETTLED);
        boolean keep = true;
        for (Path f : files) {
            Stamp s = stamp(f);
            stamps.add(s);
            keep &= s == null || s.modified().toInstant().isBefore(settled);
        }
        Entry<V> kept = entries.get(key);
        if (kept != null && kept.stamps().equals(stamps)) {
            return kept.value();
        }
        V value = compute.get();
        if (keep) {
            entries.put(key, new Entry<>(stamps, value));
        } else {
            entries.remove(key);
        }
        return value;
    }

    /** Forgets the values of keys not in {@code live} (directories that are gone). */
    void retain(Set<Path> live) {
        entries.keySet().retainAll(live);
    }

    /** Null for a file that is not there (a stamp of its own: its coming back is a change). */
    private static Stamp stamp(Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException e) {
            return null;
        }
    }
}
