package dev.ventana.server.packages;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.hosts.HostPackage;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions of every package with where they are and who uses them, for admins; and deleting a
 * version nobody uses, as image versions are deleted: the row stays for the sessions' history, the
 * server's files go, and the hosts that hold it are asked to remove theirs (DeletedPackageFiles).
 */
@Service
public class PackageVersions {
    private static final String LIVE = " s.state NOT IN ('STOPPED', 'FAILED', 'LOST')";
    /** The live sessions that have the version {@code v}: sessions.packages names it. */
    private static final String HAVE = " s.packages @> jsonb_build_array(jsonb_build_object('name', p.name, 'version', v.label))";
    private static final TypeReference<List<HostImage.Application>> APPLICATIONS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    PackageVersions(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    /** Package name to its versions, newest first; deleted versions are left out. */
    public Map<String, List<PackageVersionView>> all() {
        Map<String, List<PackageVersionView>> packages = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT p.name, v.label, v.sha256, v.title, v.note, v.source, v.made_for_image, v.made_for_version,
                               v.made_for_os, v.applications::text AS applications, v.created_by, v.created_at,
                               v.registered_at, v.size_bytes,
                               ARRAY(SELECT h.name FROM hosts h
                                      WHERE h.state = 'UP' AND h.packages @> jsonb_build_array(jsonb_build_object('sha256', v.sha256))
                                      ORDER BY h.name) AS hosts,
                               ARRAY(SELECT d.name FROM pool_packages pp JOIN desktop_pools d ON d.id = pp.pool_id
                                      WHERE pp.package_version_id = v.id ORDER BY d.name) AS pools,
                               (SELECT count(*) FROM sessions s WHERE""" + HAVE + " AND" + LIVE + """
                        ) AS live
                          FROM package_versions v JOIN packages p ON p.id = v.package_id
                         WHERE v.deleted_at IS NULL
                         ORDER BY p.name, v.registered_at DESC, v.id DESC""")
                .query((ResultSet rs) -> {
                    packages.computeIfAbsent(rs.getString("name"), k -> new ArrayList<>()).add(map(rs));
                });
        return packages;
    }

    /** Deletes the version: NOT_FOUND for an unknown one, CONFLICT while a pool lists it or a live session has it. */
    @Transactional
    public void delete(String actor, String name, String version) {
        Long id = jdbc.sql("""
                        SELECT v.id FROM package_versions v JOIN packages p ON p.id = v.package_id
                         WHERE p.name = ? AND v.label = ? AND v.deleted_at IS NULL FOR UPDATE OF v""")
                .params(name, version).query(Long.class).optional()
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "The package '" + name + "' has no version "
                        + version + "."));
        List<String> pools = jdbc.sql("""
                        SELECT d.name FROM pool_packages pp JOIN desktop_pools d ON d.id = pp.pool_id
                         WHERE pp.package_version_id = ? ORDER BY d.name""")
                .param(id).query(String.class).list();
        if (!pools.isEmpty()) {
            throw new VentanaException(ErrorKind.CONFLICT, "Version " + version + " of package '" + name
                    + "' is listed by " + pools + ": take it out of their packages first.");
        }
        long live = jdbc.sql("SELECT count(*) FROM sessions s, package_versions v JOIN packages p ON p.id = v.package_id"
                        + " WHERE v.id = ? AND" + HAVE + " AND" + LIVE)
                .param(id).query(Long.class).single();
        if (live > 0) {
            throw new VentanaException(ErrorKind.CONFLICT, "Version " + version + " of package '" + name + "' is in "
                    + live + " live session(s): roll them out or wait until they log off.");
        }
        jdbc.sql("UPDATE package_versions SET deleted_at = now() WHERE id = ?").param(id).update();
        events.publishEvent(new PackageEvents.VersionDeleted(actor, name, version));
    }

    private PackageVersionView map(ResultSet rs) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        return new PackageVersionView(rs.getString("label"), rs.getString("sha256"), rs.getString("title"),
                rs.getString("note"), rs.getString("source"),
                new HostPackage.MadeFor(rs.getString("made_for_image"), rs.getString("made_for_version"),
                        rs.getString("made_for_os")),
                json.readValue(rs.getString("applications"), APPLICATIONS), rs.getString("created_by"),
                created == null ? null : created.toInstant(), rs.getTimestamp("registered_at").toInstant(),
                rs.getLong("size_bytes"), strings(rs.getArray("hosts")), strings(rs.getArray("pools")), rs.getLong("live"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
