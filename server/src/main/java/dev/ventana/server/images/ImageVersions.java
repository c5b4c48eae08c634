package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions of every image with where they are and who uses them, for admins; and deleting a
 * version nobody uses. A deleted version keeps its row (sessions' history names it); the hosts
 * are told to remove its files in their next heartbeat's reply.
 */
@Service
public class ImageVersions {
    private static final String LIVE = " s.state NOT IN ('STOPPED', 'FAILED', 'LOST')";
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ImageVersions(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Image name to its versions, newest first; deleted versions are left out. */
    public Map<String, List<VersionView>> all() {
        Map<String, List<VersionView>> images = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT i.name AS image, v.label, v.sha256, v.title, v.note, v.source, par.label AS parent,
                               v.created_by, v.created_at, v.registered_at, v.size_bytes,
                               ARRAY(SELECT h.name FROM hosts h
                                      WHERE h.state = 'UP' AND h.images @> jsonb_build_array(jsonb_build_object('sha256', v.sha256))
                                      ORDER BY h.name) AS hosts,
                               ARRAY(SELECT p.name FROM desktop_pools p WHERE p.current_version_id = v.id ORDER BY p.name) AS pools,
                               (SELECT count(*) FROM sessions s WHERE s.image_version_id = v.id AND""" + LIVE + """
                        ) AS live
                          FROM image_versions v JOIN images i ON i.id = v.image_id
                          LEFT JOIN image_versions par ON par.id = v.parent_id
                         WHERE v.deleted_at IS NULL
                         ORDER BY i.name, v.registered_at DESC, v.id DESC""")
                .query((ResultSet rs) -> {
                    images.computeIfAbsent(rs.getString("image"), k -> new ArrayList<>()).add(map(rs));
                });
        return images;
    }

    /**
     * Deletes the version: CONFLICT while a pool publishes it, a live session runs it or a version
     * or a maintenance guest's work is layered on it.
     */
    @Transactional
    public void delete(String actor, String image, String version) {
        Long id = jdbc.sql("""
                        SELECT v.id FROM image_versions v JOIN images i ON i.id = v.image_id
                         WHERE i.name = ? AND v.label = ? AND v.deleted_at IS NULL FOR UPDATE OF v""")
                .params(image, version).query(Long.class).optional()
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "The image '" + image + "' has no version "
                        + version + "."));
        List<String> pools = jdbc.sql("SELECT name FROM desktop_pools WHERE current_version_id = ? ORDER BY name")
                .param(id).query(String.class).list();
        if (!pools.isEmpty()) {
            throw new VentanaException(ErrorKind.CONFLICT, "Version " + version + " is published by " + pools
                    + ": publish another version there first.");
        }
        long live = jdbc.sql("SELECT count(*) FROM sessions s WHERE s.image_version_id = ? AND" + LIVE).param(id)
                .query(Long.class).single();
        if (live > 0) {
            throw new VentanaException(ErrorKind.CONFLICT, "Version " + version + " runs in " + live + " live session(s):"
                    + " roll them out or wait until they log off.");
        }
        List<String> children = jdbc.sql("SELECT label FROM image_versions WHERE parent_id = ? AND deleted_at IS NULL")
                .param(id).query(String.class).list();
        if (!children.isEmpty()) {
            throw new VentanaException(ErrorKind.CONFLICT, "Version " + version + " is the parent of " + children
                    + ", whose disks are layered on it: delete those first.");
        }
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM image_maintenance m JOIN sessions s ON s.id = m.session_id"
                        + " WHERE s.image_version_id = ?)").param(id)
                .query(Boolean.class).single()) {
            throw new VentanaException(ErrorKind.CONFLICT, "Version " + version + " has a maintenance guest's changes"
                    + " layered on it: seal or discard them first.");
        }
        jdbc.sql("UPDATE image_versions SET deleted_at = now() WHERE id = ?").param(id).update();
        events.publishEvent(new ImageEvents.VersionDeleted(actor, image, version));
    }

    /** The deleted versions among those a host reports, as {image, id}: the host removes their files. */
    public List<Map<String, String>> deletedAmong(List<String> sha256s) {
        return jdbc.sql("""
                        SELECT i.name, v.label FROM image_versions v JOIN images i ON i.id = v.image_id
                         WHERE v.deleted_at IS NOT NULL AND v.sha256 = ANY (?)""")
                .param(sha256s.toArray(String[]::new))
                .query((rs, row) -> Map.of("image", rs.getString("name"), "id", rs.getString("label"))).list();
    }

    private static VersionView map(ResultSet rs) throws SQLException {
        List<String> hosts = strings(rs.getArray("hosts"));
        java.sql.Timestamp created = rs.getTimestamp("created_at");
        return new VersionView(rs.getString("label"), rs.getString("sha256"), rs.getString("title"), rs.getString("note"),
                rs.getString("source"), rs.getString("parent"), rs.getString("created_by"),
                created == null ? null : created.toInstant(), rs.getTimestamp("registered_at").toInstant(),
                rs.getLong("size_bytes"), !hosts.isEmpty(), hosts, strings(rs.getArray("pools")), rs.getLong("live"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
