package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Chooses the host of a new session: of the up, non-draining hosts, the one with the most room
 * for the pool's guest. Room is counted twice, and a host must have it both ways: by the memory
 * its live sessions really use (each the PSS its host last reported, or its allotment while none
 * is known) against its capacity, and by their allotments (memory plus the QEMU overhead) against
 * its capacity times the overcommit, which bounds what guests that all wake up at once could
 * claim (docs/architecture.md, "Placement"). Choosing and reserving is one transaction under one
 * advisory lock, so two launches at once cannot both take the last room of a host, on any server.
 */
@Component
class Placement {
    /** Names the placement lock among the farm's advisory locks. */
    private static final long LOCK = 0x76656e74616e61L;
    private final JdbcClient jdbc;
    private final SessionStore sessions;
    private final HostDirectory hosts;
    private final int overheadMib;
    private final double overcommit;

    Placement(JdbcClient jdbc, SessionStore sessions, HostDirectory hosts,
              @Value("${ventana.hosts.guest-overhead-mib:128}") int overheadMib,
              @Value("${ventana.hosts.memory-overcommit:2.0}") double overcommit) {
        // Under 1.0 would refuse guests that fit even by their allotments; NaN would refuse every guest.
        if (!(overcommit >= 1.0)) {
            throw new InvalidConfigurationPropertyValueException("ventana.hosts.memory-overcommit", overcommit,
                    "it must be at least 1.0 (1.0: a host's guests are never promised more memory than it has;"
                    + " the default 2.0: twice as much, counting on what they really use)");
        }
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.hosts = hosts;
        this.overheadMib = overheadMib;
        this.overcommit = overcommit;
    }

    /** Where a session goes, and whether it may write its user's data disk. */
    record Placed(Host host, DataDisk dataDisk) {
    }

    /**
     * Inserts the session PLACING on the chosen host, never an excluded one; UNAVAILABLE at once
     * when no host has room or the pool has its maximum of sessions. The user's first live session
     * writes their data disk; one launched beside it gets it read-only (docs/architecture.md).
     * {@code packagesJson} is the pool's packages, fixed for the session's life.
     */
    @Transactional
    Placed place(UUID session, long userId, Pool pool, long versionId, String packagesJson, Set<Long> excluded) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query(Object.class).single();
        Integer max = pool.settings().maxSessions();
        if (max != null && jdbc.sql("SELECT count(*) FROM sessions s WHERE s.pool_id = ? AND" + SessionStore.LIVE)
                .param(pool.id()).query(Long.class).single() >= max) {
            throw new VentanaException(ErrorKind.UNAVAILABLE, "'" + pool.displayName() + "' has its maximum of " + max
                    + " sessions running. Try again when someone logs off, or ask your administrator to raise it.");
        }
        Long chosen = roomiest(pool.memoryMib(), excluded, null, versionId).orElseThrow(() -> new VentanaException(
                ErrorKind.UNAVAILABLE, "There is no capacity for the desktop '" + pool.displayName()
                + "' right now: every session host is full, draining or down. Try again in a few minutes."));
        // A maintenance guest (no data disk) does not hold its admin's disk.
        DataDisk disk = jdbc.sql("SELECT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = ? AND s.data_disk <> 'NONE' AND"
                        + SessionStore.LIVE + ")")
                .param(userId).query(Boolean.class).single() ? DataDisk.READ_ONLY : DataDisk.WRITABLE;
        sessions.insertPlacing(session, userId, pool.id(), versionId, chosen, pool.memoryMib(), disk, packagesJson);
        return new Placed(hosts.find(chosen).orElseThrow(), disk);
    }

    /**
     * Inserts a maintenance guest's session PLACING on the roomiest of {@code among}, the hosts
     * that hold the version (a maintenance guest boots only from a version its host has).
     */
    @Transactional
    Host placeMaintenance(UUID session, long userId, long imageId, long versionId, int memoryMib, List<Long> among) {
        long chosen = rootGuestHost(memoryMib, among, "a maintenance guest");
        sessions.insertMaintenance(session, userId, imageId, versionId, chosen, memoryMib);
        return hosts.find(chosen).orElseThrow();
    }

    /**
     * Inserts a packaging guest's session PLACING on the roomiest of {@code among}, the hosts that
     * hold the image version it boots from.
     */
    @Transactional
    Host placePackaging(UUID session, long userId, String packageName, long versionId, int memoryMib, List<Long> among) {
        long chosen = rootGuestHost(memoryMib, among, "a packaging guest");
        sessions.insertPackaging(session, userId, packageName, versionId, chosen, memoryMib);
        return hosts.find(chosen).orElseThrow();
    }

    /** Under the placement lock (the caller's transaction holds it to its end): the roomiest of {@code among}. */
    private long rootGuestHost(int memoryMib, List<Long> among, String guest) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query(Object.class).single();
        return roomiest(memoryMib, Set.of(), among.toArray(Long[]::new), null).orElseThrow(() -> new VentanaException(
                ErrorKind.UNAVAILABLE, "No session host that holds this version has room for " + guest + " of "
                + memoryMib + " MiB right now (or they are draining or down). Try again when one has."));
    }

    /**
     * Of the up, non-draining hosts (only {@code among}, unless null), the one with the most room for
     * {@code memoryMib} by what its guests use, among those with room for it by both counts; first
     * among those whose last heartbeat listed image version {@code versionId} (unless null), which
     * boot it without a fetch and restore it from their template (broker.FarmPrefetch soon puts it
     * on the others: this matters in the seconds after a publish, or without prefetch).
     */
    private Optional<Long> roomiest(int memoryMib, Set<Long> excluded, Long[] among, Long versionId) {
        return jdbc.sql("""
                        SELECT h.id FROM hosts h
                          LEFT JOIN sessions s ON s.host_id = h.id AND""" + SessionStore.LIVE + """

                         WHERE h.state = 'UP' AND NOT h.draining AND NOT (h.id = ANY (:excluded))
                           AND (:anyHost OR h.id = ANY (:among))
                         GROUP BY h.id
                        HAVING h.capacity_mib - coalesce(sum(coalesce(s.memory_used_mib, s.memory_mib + :overhead)), 0) >= :need
                           AND h.capacity_mib * :overcommit - coalesce(sum(s.memory_mib + :overhead), 0) >= :need
                         ORDER BY EXISTS (SELECT 1 FROM image_versions v JOIN images i ON i.id = v.image_id
                                           WHERE v.id = :version AND h.images @> jsonb_build_array(
                                                 jsonb_build_object('image', i.name, 'id', v.label))) DESC,
                                  h.capacity_mib - coalesce(sum(coalesce(s.memory_used_mib, s.memory_mib + :overhead)), 0) DESC,
                                  h.name
                         LIMIT 1""")
                .param("overhead", overheadMib).param("need", memoryMib + overheadMib).param("overcommit", overcommit)
                .param("excluded", excluded.toArray(Long[]::new))
                .param("anyHost", among == null).param("among", among == null ? new Long[0] : among)
                .param("version", versionId, java.sql.Types.BIGINT)
                .query(Long.class).optional();
    }
}
