package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Every session of the farm for admins, filtered and paged by PostgreSQL. The WHERE clause is
 * put together from fixed fragments only, one per filter given, so that the planner sees plain
 * conditions it can use indexes for; the values are always bound.
 */
@Component
public class SessionSearch {
    private static final String FROM = """
              FROM sessions s
              JOIN users u ON u.id = s.user_id
              LEFT JOIN desktop_pools p ON p.id = s.pool_id
              LEFT JOIN images m ON m.id = s.maintenance_of
              JOIN image_versions v ON v.id = s.image_version_id
              LEFT JOIN hosts h ON h.id = s.host_id
            """;
    private final JdbcClient jdbc;

    SessionSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Null fields do not filter; {@code states} null means any state. */
    public record Filter(String user, String pool, String host, List<SessionState> states) {
    }

    /**
     * {@code dataDisk}: see DataDisk. A maintenance guest's session has no {@code pool} and names
     * the image it changes in {@code maintenanceOf}; a packaging guest's the package it makes in
     * {@code packagingOf}.
     */
    public record Found(UUID id, String user, String pool, String host, String imageVersion, String state,
                        String failureReason, String dataDisk, Instant createdAt, Instant startedAt, Instant endedAt,
                        Instant lastInputAt, Instant disconnectedAt, String maintenanceOf,
                        String packagingOf) {

        /** The pool, or what the maintenance or packaging session changes: for people to read. */
        public String where() {
            return pool != null ? pool : maintenanceOf != null ? "maintenance of " + maintenanceOf
                    : "packaging of " + packagingOf;
        }
    }

    public record Page(List<Found> items, int page, int size, long total) {
    }

    /**
     * The states a filter's word means: null (or blank) for any, "live" for those that are not
     * final, else one state by name in any case. BAD_REQUEST for another word.
     */
    public static List<SessionState> states(String word) {
        if (word == null || word.isBlank()) {
            return null;
        }
        if (word.equalsIgnoreCase("live")) {
            return SessionState.liveStates();
        }
        try {
            return List.of(SessionState.valueOf(word.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "state must be 'live' or one of "
                    + Arrays.toString(SessionState.values()) + ".");
        }
    }

    /** Newest first; {@code page} counts from 0. */
    public Page search(Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new HashMap<>();
        condition(where, params, "u.username = :user", "user", filter.user());
        condition(where, params, "p.name = :pool", "pool", filter.pool());
        condition(where, params, "h.name = :host", "host", filter.host());
        condition(where, params, "s.state IN (:states)", "states",
                filter.states() == null ? null : filter.states().stream().map(Enum::name).toList());
        long total = jdbc.sql("SELECT count(*)" + FROM + where).params(params).query(Long.class).single();
        List<Found> items = jdbc.sql("""
                        SELECT s.id, u.username, p.name AS pool, h.name AS host, v.label, s.state, s.failure_reason,
                               s.data_disk, s.created_at, s.started_at, s.ended_at, s.last_input_at, s.disconnected_at,
                               m.name AS maintenance_of, s.packaging_of""" + FROM + where + """

                         ORDER BY s.created_at DESC, s.id DESC
                         LIMIT :limit OFFSET :offset""")
                .params(params).param("limit", size).param("offset", (long) page * size)
                .query(SessionSearch::map).list();
        return new Page(items, page, size, total);
    }

    private static void condition(StringBuilder where, Map<String, Object> params, String sql, String name, Object value) {
        if (value != null) {
            where.append(" AND ").append(sql);
            params.put(name, value);
        }
    }

    private static Found map(ResultSet rs, int row) throws SQLException {
        return new Found(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("pool"),
                rs.getString("host"), rs.getString("label"), rs.getString("state"), rs.getString("failure_reason"),
                rs.getString("data_disk"), instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "ended_at"),
                instant(rs, "last_input_at"), instant(rs, "disconnected_at"), rs.getString("maintenance_of"),
                rs.getString("packaging_of"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
