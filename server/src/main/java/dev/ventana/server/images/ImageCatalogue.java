package dev.ventana.server.images;

import dev.ventana.server.hosts.HostEvents;
import dev.ventana.server.hosts.HostImage;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The golden images and their immutable versions, as registered from the hosts that hold them. */
@Service
public class ImageCatalogue {
    private static final String SELECT = """
            SELECT v.id, i.name, v.sha256, v.label, v.registered_at, v.deleted_at IS NOT NULL AS deleted
              FROM image_versions v JOIN images i ON i.id = v.image_id
            """;
    private static final TypeReference<List<HostImage.Application>> APPLICATIONS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final JsonMapper json;

    ImageCatalogue(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A host's versions, before anyone (the default pool) looks for them. */
    @EventListener
    @Order(0)
    void on(HostEvents.ImagesReported reported) {
        register(reported.images());
    }

    /**
     * Registers versions a host reports; known ones (same sha256) are left as they are. Parents
     * first, so that a layer finds its parent's row whatever order the host listed them in.
     */
    @Transactional
    public void register(Collection<HostImage> versions) {
        List<HostImage> pending = new java.util.ArrayList<>(versions);
        while (!pending.isEmpty()) {
            List<HostImage> next = pending.stream().filter(v -> v.parent() == null
                    || pending.stream().noneMatch(p -> p.image().equals(v.image()) && p.id().equals(v.parent()))).toList();
            if (next.isEmpty()) {
                next = List.copyOf(pending); // a cycle cannot be hashed into being; register what there is
            }
            next.forEach(this::register);
            pending.removeAll(next);
        }
    }

    private void register(HostImage v) {
        long image = ensureImage(v.image());
        jdbc.sql("""
                        INSERT INTO image_versions (image_id, sha256, label, base_disk, kernel, initrd, kernel_cmdline,
                                                    screen_width, screen_height, applications, parent_id, title, note,
                                                    source, created_by, created_at, size_bytes)
                        VALUES (:image, :sha, :label, 'base.qcow2', 'vmlinuz', 'initrd.gz', :cmdline, :w, :h,
                                :apps::jsonb,
                                (SELECT id FROM image_versions WHERE image_id = :image AND label = :parent),
                                :title, coalesce(:note, ''), coalesce(:source, 'built'), :createdBy,
                                coalesce(:createdAt, now()), :size)
                        ON CONFLICT (sha256) DO UPDATE SET applications = excluded.applications
                         -- Registered by a host from before manifests listed applications.
                         WHERE image_versions.applications = '[]'::jsonb""")
                .param("image", image).param("sha", v.sha256()).param("label", v.id())
                .param("cmdline", v.cmdline()).param("w", v.screenWidth()).param("h", v.screenHeight())
                .param("apps", json.writeValueAsString(v.applications()))
                .param("parent", v.parent(), java.sql.Types.VARCHAR)
                .param("title", v.title(), java.sql.Types.VARCHAR).param("note", v.note(), java.sql.Types.VARCHAR)
                .param("source", v.source(), java.sql.Types.VARCHAR)
                .param("createdBy", v.createdBy(), java.sql.Types.VARCHAR)
                .param("createdAt", v.createdAt() == null ? null : v.createdAt().atOffset(java.time.ZoneOffset.UTC),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("size", v.sizeBytes())
                .update();
    }

    /** The image's id, registering the name on first use. */
    public long ensureImage(String name) {
        // DO UPDATE (a no-op) rather than DO NOTHING, so that RETURNING yields the existing row too.
        return jdbc.sql("""
                        INSERT INTO images (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name
                        RETURNING id""")
                .param(name).query(Long.class).single();
    }

    public Optional<ImageVersionRef> version(long id) {
        return jdbc.sql(SELECT + " WHERE v.id = ?").param(id).query(ImageCatalogue::map).optional();
    }

    /** The version of the image with this 16-hex id. */
    public Optional<ImageVersionRef> version(String image, String label) {
        return jdbc.sql(SELECT + " WHERE i.name = ? AND v.label = ?").params(image, label)
                .query(ImageCatalogue::map).optional();
    }

    /** Every version of the image, newest first. */
    public List<ImageVersionRef> versions(String image) {
        return jdbc.sql(SELECT + " WHERE i.name = ? AND v.deleted_at IS NULL ORDER BY v.registered_at DESC, v.id DESC")
                .param(image)
                .query(ImageCatalogue::map).list();
    }

    /** The names of the images with at least one version. */
    public List<String> imagesWithVersions() {
        return jdbc.sql("SELECT name FROM images i WHERE EXISTS (SELECT 1 FROM image_versions v WHERE v.image_id = i.id"
                + " AND v.deleted_at IS NULL)"
                + " ORDER BY name").query(String.class).list();
    }

    /** The applications the version's manifest offers for publishing alone. */
    public List<HostImage.Application> applications(long versionId) {
        return json.readValue(jdbc.sql("SELECT applications::text FROM image_versions WHERE id = ?").param(versionId)
                .query(String.class).single(), APPLICATIONS);
    }

    /** The most recently registered version of an image. */
    public Optional<ImageVersionRef> newest(String image) {
        return jdbc.sql(SELECT + " WHERE i.name = ? AND v.deleted_at IS NULL ORDER BY v.registered_at DESC, v.id DESC LIMIT 1")
                .param(image).query(ImageCatalogue::map).optional();
    }

    private static ImageVersionRef map(ResultSet rs, int row) throws SQLException {
        return new ImageVersionRef(rs.getLong("id"), rs.getString("name"), rs.getString("sha256"), rs.getString("label"),
                rs.getTimestamp("registered_at").toInstant(), rs.getBoolean("deleted"));
    }
}
