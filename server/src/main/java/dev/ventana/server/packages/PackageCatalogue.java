package dev.ventana.server.packages;

import dev.ventana.server.hosts.HostEvents;
import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.hosts.HostPackage;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The packages and their immutable versions, as registered from uploads and from the hosts that hold them. */
@Service
public class PackageCatalogue {
    private static final String SELECT = """
            SELECT v.id, p.name, v.sha256, v.label, v.made_for_image, v.made_for_version, v.made_for_os,
                   v.applications::text AS applications, v.registered_at, v.deleted_at IS NOT NULL AS deleted
              FROM package_versions v JOIN packages p ON p.id = v.package_id
            """;
    private static final TypeReference<List<HostImage.Application>> APPLICATIONS = new TypeReference<>() {
    };
    private static final Set<String> SOURCES = Set.of("script", "packaging", "upload");
    private static final java.util.regex.Pattern IMAGE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PackageCatalogue.class);
    private final JdbcClient jdbc;
    private final JsonMapper json;

    PackageCatalogue(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A host's packages join the catalogue as its image versions do. */
    @EventListener
    void on(HostEvents.PackagesReported reported) {
        register(reported.packages());
    }

    /**
     * Registers package versions; known ones (same sha256) are left as they are, but for the
     * operating system a packaging seal registers before its host's heartbeat can say it.
     */
    @Transactional
    public void register(Collection<HostPackage> versions) {
        versions.forEach(this::register);
    }

    private void register(HostPackage v) {
        if (v.madeFor() == null || v.madeFor().image() == null || !IMAGE.matcher(v.madeFor().image()).matches()) {
            // No pool could take it (a pool takes packages made for its image); the host keeps it.
            log.warn("Package {} version {} names no image it was made for (madeFor.image): not registered",
                    v.name(), v.id());
            return;
        }
        long pkg = jdbc.sql("""
                        INSERT INTO packages (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name
                        RETURNING id""")
                .param(v.name()).query(Long.class).single();
        String createdBy = v.createdBy() == null || v.createdBy().isBlank() ? null : cut(v.createdBy(), 200);
        jdbc.sql("""
                        INSERT INTO package_versions (package_id, sha256, label, title, note, source, made_for_image,
                                                      made_for_version, made_for_os, applications, size_bytes,
                                                      created_by, created_at)
                        VALUES (:pkg, :sha, :label, :title, :note, :source, :image, :version, :os, :apps::jsonb, :size,
                                :createdBy, coalesce(:createdAt, now()))
                        ON CONFLICT (sha256) DO UPDATE SET made_for_os = excluded.made_for_os
                         WHERE package_versions.made_for_os = '' AND excluded.made_for_os <> ''""")
                .param("pkg", pkg).param("sha", v.sha256()).param("label", v.id())
                .param("title", cut(v.title(), 100)).param("note", cut(v.note(), 1000))
                .param("source", v.source() != null && SOURCES.contains(v.source()) ? v.source() : "script")
                .param("image", v.madeFor().image())
                .param("version", v.madeFor().version() != null && v.madeFor().version().matches("[0-9a-f]{16}")
                        ? v.madeFor().version() : null, Types.VARCHAR)
                .param("os", cut(v.madeFor().os(), 100))
                .param("apps", json.writeValueAsString(v.applications()))
                .param("size", v.sizeBytes())
                .param("createdBy", createdBy, Types.VARCHAR)
                .param("createdAt", v.createdAt() == null ? null : v.createdAt().atOffset(ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
    }

    /** The version of the package with this 16-hex id (deleted ones too). */
    public Optional<PackageVersionRef> version(String name, String label) {
        return jdbc.sql(SELECT + " WHERE p.name = ? AND v.label = ?").params(name, label).query(this::map).optional();
    }

    public Optional<PackageVersionRef> version(long id) {
        return jdbc.sql(SELECT + " WHERE v.id = ?").param(id).query(this::map).optional();
    }

    /** The names of the packages with at least one version, and those versions newest first. */
    public List<PackageVersionRef> versions() {
        return jdbc.sql(SELECT + " WHERE v.deleted_at IS NULL ORDER BY p.name, v.registered_at DESC, v.id DESC")
                .query(this::map).list();
    }

    private static String cut(String text, int max) {
        return text == null ? "" : text.length() <= max ? text : text.substring(0, max);
    }

    private PackageVersionRef map(ResultSet rs, int row) throws SQLException {
        return new PackageVersionRef(rs.getLong("id"), rs.getString("name"), rs.getString("sha256"), rs.getString("label"),
                rs.getString("made_for_image"), rs.getString("made_for_version"), rs.getString("made_for_os"),
                json.readValue(rs.getString("applications"), APPLICATIONS), rs.getTimestamp("registered_at").toInstant(),
                rs.getBoolean("deleted"));
    }
}
