package dev.ventana.server.broker;

import dev.ventana.server.hosts.GuestRequest.PackageRef;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sessions in PostgreSQL. State changes are guarded by the state they expect, so racing servers cannot undo each other. */
@Repository
class SessionStore {
    static final String LIVE = " s.state NOT IN " + SessionState.FINAL_SQL;
    private static final String SELECT = """
            SELECT s.id, s.user_id, u.username, s.pool_id, s.image_version_id, s.host_id, s.guest_id, s.state,
                   s.failure_reason, s.created_at, s.started_at, s.data_disk, p.name AS pool, v.label AS image_version,
                   m.name AS maintenance_of, s.packaging_of,
                   ARRAY(SELECT e ->> 'name' FROM jsonb_array_elements(s.packages) WITH ORDINALITY AS t(e, n) ORDER BY n)
                       AS package_names,
                   ARRAY(SELECT e ->> 'version' FROM jsonb_array_elements(s.packages) WITH ORDINALITY AS t(e, n) ORDER BY n)
                       AS package_versions
              FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN desktop_pools p ON p.id = s.pool_id
                   JOIN image_versions v ON v.id = s.image_version_id LEFT JOIN images m ON m.id = s.maintenance_of
            """;
    private final JdbcClient jdbc;

    SessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<DesktopSession> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE s.id = ?").param(id).query(SessionStore::map).optional();
    }

    Optional<DesktopSession> liveFor(long userId, long poolId) {
        return jdbc.sql(SELECT + " WHERE s.user_id = ? AND s.pool_id = ? AND" + LIVE)
                .params(userId, poolId).query(SessionStore::map).list().stream().findFirst();
    }

    /** The host's live sessions, and its ended ones that ran one of {@code guestIds}. */
    List<DesktopSession> onHost(long hostId, String[] guestIds) {
        return jdbc.sql(SELECT + " WHERE s.host_id = ? AND (" + LIVE + " OR s.guest_id = ANY (?))")
                .params(hostId, guestIds).query(SessionStore::map).list();
    }

    /** Throws DuplicateKeyException when the user already has a live session in the pool. */
    void insertPlacing(UUID id, long userId, long poolId, long versionId, long hostId, int memoryMib, DataDisk disk,
                       String packagesJson) {
        jdbc.sql("""
                        INSERT INTO sessions (id, user_id, pool_id, image_version_id, host_id, memory_mib, state, data_disk,
                                              packages)
                        VALUES (?, ?, ?, ?, ?, ?, 'PLACING', ?, ?::jsonb)""")
                .params(id, userId, poolId, versionId, hostId, memoryMib, disk.name(), packagesJson).update();
    }

    /** A maintenance guest's session: no pool, no data disk; throws DuplicateKeyException as above. */
    void insertMaintenance(UUID id, long userId, long imageId, long versionId, long hostId, int memoryMib) {
        jdbc.sql("""
                        INSERT INTO sessions (id, user_id, maintenance_of, image_version_id, host_id, memory_mib, state, data_disk)
                        VALUES (?, ?, ?, ?, ?, ?, 'PLACING', 'NONE')""")
                .params(id, userId, imageId, versionId, hostId, memoryMib).update();
    }

    /** A packaging guest's session: no pool, no data disk, the package it makes; throws DuplicateKeyException as above. */
    void insertPackaging(UUID id, long userId, String packageName, long versionId, long hostId, int memoryMib) {
        jdbc.sql("""
                        INSERT INTO sessions (id, user_id, packaging_of, image_version_id, host_id, memory_mib, state, data_disk)
                        VALUES (?, ?, ?, ?, ?, ?, 'PLACING', 'NONE')""")
                .params(id, userId, packageName, versionId, hostId, memoryMib).update();
    }

    boolean placed(UUID id, String guestId) {
        return jdbc.sql("UPDATE sessions SET state = 'STARTING', guest_id = ? WHERE id = ? AND state = 'PLACING'")
                .params(guestId, id).update() == 1;
    }

    boolean running(UUID id) {
        return jdbc.sql("""
                        UPDATE sessions SET state = 'RUNNING', started_at = now(), disconnected_at = now()
                         WHERE id = ? AND state = 'STARTING'""")
                .param(id).update() == 1;
    }

    boolean stopping(UUID id) {
        return jdbc.sql("UPDATE sessions SET state = 'STOPPING' WHERE id = ? AND state IN ('STARTING', 'RUNNING')")
                .param(id).update() == 1;
    }

    boolean ended(UUID id, SessionState state, String reason) {
        return jdbc.sql("UPDATE sessions s SET state = ?, failure_reason = ?, ended_at = now() WHERE id = ? AND" + LIVE)
                .params(state.name(), state == SessionState.STOPPED ? null : reason, id).update() == 1;
    }

    /** True the first time: of two first viewers at once, the conditional update lets only one be first. */
    boolean seen(UUID id) {
        if (jdbc.sql("UPDATE sessions SET last_seen_at = now() WHERE id = ? AND last_seen_at IS NULL").param(id).update() == 1) {
            return true;
        }
        jdbc.sql("UPDATE sessions SET last_seen_at = now() WHERE id = ?").param(id).update();
        return false;
    }

    /** Every live session on the host is LOST; returns them. */
    List<DesktopSession> lose(long hostId, String reason) {
        List<UUID> lost = jdbc.sql("""
                        UPDATE sessions s SET state = 'LOST', failure_reason = ?, ended_at = now()
                         WHERE host_id = ? AND""" + LIVE + " RETURNING id")
                .params(reason, hostId).query(UUID.class).list();
        return lost.stream().map(id -> find(id).orElseThrow()).toList();
    }

    /**
     * What the host's display endpoint said of its viewers and input, for the session policies:
     * in one statement for the whole heartbeat.
     */
    void activity(long hostId, String[] guestIds, Integer[] viewers, String[] lastInput) {
        jdbc.sql("""
                        UPDATE sessions s
                           SET last_input_at = greatest(s.last_input_at, v.last_input::timestamptz),
                               disconnected_at = CASE WHEN v.viewers > 0 THEN NULL ELSE coalesce(s.disconnected_at, now()) END
                          FROM unnest(?::text[], ?::int[], ?::text[]) AS v(guest_id, viewers, last_input)
                         WHERE s.host_id = ? AND s.guest_id = v.guest_id AND s.state = 'RUNNING'""")
                .params(guestIds, viewers, lastInput, hostId).update();
    }

    /**
     * What the host's guests use of its memory (their QEMU processes' PSS), for placement; a guest
     * the host could not measure is null again, so that it is charged its allotment.
     */
    void memoryUsed(long hostId, String[] guestIds, Integer[] usedMib) {
        jdbc.sql("""
                        UPDATE sessions s SET memory_used_mib = v.used
                          FROM unnest(?::text[], ?::int[]) AS v(guest_id, used)
                         WHERE s.host_id = ? AND s.guest_id = v.guest_id AND""" + LIVE + """

                           AND s.memory_used_mib IS DISTINCT FROM v.used""")
                .params(guestIds, usedMib, hostId).update();
    }

    /** Sessions still PLACING since before {@code before}: their server died while it placed them. */
    List<DesktopSession> placingSince(Instant before) {
        return jdbc.sql(SELECT + " WHERE s.state = 'PLACING' AND s.created_at < ?").param(Timestamp.from(before))
                .query(SessionStore::map).list();
    }

    static DesktopSession map(ResultSet rs, int row) throws SQLException {
        Long hostId = rs.getObject("host_id", Long.class);
        Timestamp started = rs.getTimestamp("started_at");
        return new DesktopSession(rs.getObject("id", UUID.class), rs.getLong("user_id"), rs.getString("username"),
                rs.getLong("pool_id"), rs.getLong("image_version_id"), hostId, rs.getString("guest_id"),
                SessionState.valueOf(rs.getString("state")), rs.getString("failure_reason"),
                rs.getTimestamp("created_at").toInstant(), started == null ? null : started.toInstant(),
                DataDisk.valueOf(rs.getString("data_disk")), rs.getString("pool"), rs.getString("image_version"),
                rs.getString("maintenance_of"), rs.getString("packaging_of"), packages(rs));
    }

    private static List<PackageRef> packages(ResultSet rs) throws SQLException {
        String[] names = (String[]) rs.getArray("package_names").getArray();
        String[] versions = (String[]) rs.getArray("package_versions").getArray();
        List<PackageRef> packages = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            packages.add(new PackageRef(names[i], versions[i]));
        }
        return List.copyOf(packages);
    }
}
