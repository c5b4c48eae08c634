package dev.ventana.host.farm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The guests' PSS as the heartbeat reports it, read again only every {@link #MAX_AGE}: the kernel
 * walks a process's page tables to sum {@code smaps_rollup}, and a settled guest's PSS moves
 * slowly, while the heartbeat goes every 3 s. A guest younger than {@link #BOOTING} is read at
 * every heartbeat: it grows fast while it boots, and placement charges what was reported.
 * Used by the heartbeat's one thread only.
 */
final class RecentMemory {
    static final Duration MAX_AGE = Duration.ofSeconds(30);
    static final Duration BOOTING = Duration.ofMinutes(2);
    private final ProcessMemory memory;
    private final Clock clock;
    private final Map<Long, Reading> readings = new HashMap<>();

    private record Reading(Integer pssMib, Instant at) {
    }

    RecentMemory(ProcessMemory memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    /** The process's PSS in MiB, null where unknown (ProcessMemory); {@code startedAt} null: unknown. */
    Integer pssMib(long pid, Instant startedAt) {
        Instant now = clock.instant();
        Reading last = readings.get(pid);
        boolean booting = startedAt == null || startedAt.isAfter(now.minus(BOOTING));
        if (last != null && !booting && last.at().isAfter(now.minus(MAX_AGE)) && last.pssMib() != null) {
            return last.pssMib();
        }
        Integer pss = memory.pssMib(pid);
        readings.put(pid, new Reading(pss, now));
        return pss;
    }

    /** Forgets the processes not in {@code live} (ended guests: a pid may be reused). */
    void retain(Set<Long> live) {
        readings.keySet().retainAll(live);
    }
}
