package dev.ventana.server.hosts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The hosts of the farm, stored in PostgreSQL. */
@Service
public class HostDirectory {
    private static final String COLUMNS = """
            id, name, agent_url, state, draining, cpu_cores, memory_mib, capacity_mib, memory_free_mib, load,
            last_heartbeat_at, launches_restored, launches_cold_boots, launches_fallbacks""";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM hosts";
    private final JdbcClient jdbc;

    HostDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Host> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(HostDirectory::map).optional();
    }

    public Optional<Host> find(String name) {
        return jdbc.sql(SELECT + " WHERE name = ?").param(name).query(HostDirectory::map).optional();
    }

    public List<Host> all() {
        return jdbc.sql(SELECT + " ORDER BY name").query(HostDirectory::map).list();
    }

    /** The UP hosts whose last heartbeat listed the image version: where another host can fetch it. */
    public List<Host> holding(String image, String versionId) {
        return jdbc.sql(SELECT + " " + """
                         WHERE state = 'UP' AND images @> jsonb_build_array(jsonb_build_object('image', ?::text, 'id', ?::text))
                         ORDER BY name""")
                .params(image, versionId).query(HostDirectory::map).list();
    }

    /** The UP hosts whose last heartbeat listed the package version. */
    public List<Host> holdingPackage(String name, String versionId) {
        return jdbc.sql(SELECT + " " + """
                         WHERE state = 'UP' AND packages @> jsonb_build_array(jsonb_build_object('name', ?::text, 'id', ?::text))
                         ORDER BY name""")
                .params(name, versionId).query(HostDirectory::map).list();
    }

    /** A host as its previous heartbeat left it, with the image versions and packages it reported then (JSON). */
    record Known(Host host, String imagesJson, String packagesJson) {
    }

    /** The host's row, locked until the transaction ends: a heartbeat and the down watch take turns. */
    Optional<Known> lock(String name) {
        return jdbc.sql("SELECT " + COLUMNS + ", images::text AS images_json, packages::text AS packages_json"
                        + " FROM hosts WHERE name = ? FOR UPDATE")
                .param(name).query((rs, row) -> new Known(map(rs, row), rs.getString("images_json"),
                        rs.getString("packages_json"))).optional();
    }

    /**
     * Records a heartbeat, adding the host on its first; the state is the caller's decision.
     * {@code imagesJson} null keeps the images the row has (NOT NULL is checked on the row to
     * insert even when it conflicts, hence the '[]'; a host's first heartbeat gives them), and
     * {@code packagesJson} null the packages.
     */
    Host record(Heartbeat beat, Host.HostState state, String guestsJson, String imagesJson, String packagesJson) {
        Heartbeat.Launches l = beat.launches();
        return jdbc.sql("""
                        INSERT INTO hosts (name, agent_url, state, cpu_cores, memory_mib, capacity_mib, memory_free_mib, load,
                                           guests, images, last_heartbeat_at, launches_restored, launches_cold_boots,
                                           launches_fallbacks, packages)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, coalesce(?::jsonb, '[]'), now(), ?, ?, ?,
                                coalesce(?::jsonb, '[]'))
                        ON CONFLICT (name) DO UPDATE SET agent_url = excluded.agent_url, state = excluded.state,
                            cpu_cores = excluded.cpu_cores, memory_mib = excluded.memory_mib,
                            capacity_mib = excluded.capacity_mib, memory_free_mib = excluded.memory_free_mib,
                            load = excluded.load, guests = excluded.guests, images = CASE WHEN ? THEN excluded.images ELSE hosts.images END,
                            last_heartbeat_at = now(), launches_restored = excluded.launches_restored,
                            launches_cold_boots = excluded.launches_cold_boots,
                            launches_fallbacks = excluded.launches_fallbacks,
                            packages = CASE WHEN ? THEN excluded.packages ELSE hosts.packages END
                        RETURNING\s""" + COLUMNS)
                .params(beat.name(), beat.url(), state.name(), beat.cpus(), beat.memoryTotalMib(), beat.capacityMib(),
                        beat.memoryFreeMib(), beat.load(), guestsJson, imagesJson,
                        l == null ? null : l.restored(), l == null ? null : l.coldBoots(), l == null ? null : l.fallbacks(),
                        packagesJson, imagesJson != null, packagesJson != null)
                .query(HostDirectory::map).single();
    }

    /** The guests the host reported last, as JSON. */
    String guestsJson(long id) {
        return jdbc.sql("SELECT guests::text FROM hosts WHERE id = ?").param(id).query(String.class).single();
    }

    Host setState(long id, Host.HostState state) {
        return jdbc.sql("UPDATE hosts SET state = ? WHERE id = ? RETURNING " + COLUMNS).params(state.name(), id)
                .query(HostDirectory::map).single();
    }

    /**
     * Hosts silent for longer than {@code downAfter}, now DOWN. A server that has itself run for
     * less than that has not been listening long enough to blame anyone: {@code listeningSince}.
     */
    List<Host> markDown(Duration downAfter, Instant listeningSince) {
        return jdbc.sql("""
                        UPDATE hosts SET state = 'DOWN'
                         WHERE state <> 'DOWN' AND last_heartbeat_at IS NOT NULL
                           AND greatest(last_heartbeat_at, ?) < now() - make_interval(secs => ?)
                        RETURNING\s""" + COLUMNS)
                .params(Timestamp.from(listeningSince), downAfter.toMillis() / 1000.0)
                .query(HostDirectory::map).list();
    }

    /**
     * How long until the first host that is not DOWN has been silent for {@code downAfter}, by
     * the database's clock (as {@link #markDown} judges); {@code downAfter} when there is none.
     */
    Duration untilNextDown(Duration downAfter, Instant listeningSince) {
        List<Double> seconds = jdbc.sql("""
                        SELECT extract(epoch FROM min(greatest(last_heartbeat_at, ?)) + make_interval(secs => ?) - now())
                          FROM hosts WHERE state <> 'DOWN' AND last_heartbeat_at IS NOT NULL""")
                .params(Timestamp.from(listeningSince), downAfter.toMillis() / 1000.0)
                .query(Double.class).list();
        return seconds.isEmpty() || seconds.getFirst() == null ? downAfter
                : Duration.ofMillis((long) Math.ceil(seconds.getFirst() * 1000));
    }

    boolean drain(String name, boolean draining) {
        return jdbc.sql("UPDATE hosts SET draining = ? WHERE name = ?").params(draining, name).update() == 1;
    }

    private static Host map(ResultSet rs, int row) throws SQLException {
        var heartbeat = rs.getTimestamp("last_heartbeat_at");
        Long restored = rs.getObject("launches_restored", Long.class);
        return new Host(rs.getLong("id"), rs.getString("name"), URI.create(rs.getString("agent_url")),
                Host.HostState.valueOf(rs.getString("state")), rs.getBoolean("draining"), rs.getInt("cpu_cores"),
                rs.getLong("memory_mib"), rs.getLong("capacity_mib"), rs.getLong("memory_free_mib"), rs.getDouble("load"),
                heartbeat == null ? null : heartbeat.toInstant(), restored == null ? null : new Heartbeat.Launches(
                        restored, rs.getLong("launches_cold_boots"), rs.getLong("launches_fallbacks")));
    }
}
