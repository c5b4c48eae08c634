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
            SELECT v.id, i.name, v.sha256, v.label FROM image_versions v JOIN images i ON i.id = v.image_id
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

    /** Registers versions a host reports; known ones (same sha256) are left as they are. */
    @Transactional
    public void register(Collection<HostImage> versions) {
        for (HostImage v : versions) {
            long image = ensureImage(v.image());
            jdbc.sql("""
                            INSERT INTO image_versions (image_id, sha256, label, base_disk, kernel, initrd, kernel_cmdline,
                                                        screen_width, screen_height, applications)
                            VALUES (?, ?, ?, 'base.qcow2', 'vmlinuz', 'initrd.gz', ?, ?, ?, ?::jsonb)
                            ON CONFLICT (sha256) DO UPDATE SET applications = excluded.applications
                             -- Registered by a host from before manifests listed applications.
                             WHERE image_versions.applications = '[]'::jsonb""")
                    .params(image, v.sha256(), v.id(), v.cmdline(), v.screenWidth(), v.screenHeight(),
                            json.writeValueAsString(v.applications()))
                    .update();
        }
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
        return jdbc.sql(SELECT + " WHERE i.name = ? ORDER BY v.registered_at DESC, v.id DESC").param(image)
                .query(ImageCatalogue::map).list();
    }

    /** The names of the images with at least one version. */
    public List<String> imagesWithVersions() {
        return jdbc.sql("SELECT name FROM images i WHERE EXISTS (SELECT 1 FROM image_versions v WHERE v.image_id = i.id)"
                + " ORDER BY name").query(String.class).list();
    }

    /** The applications the version's manifest offers for publishing alone. */
    public List<HostImage.Application> applications(long versionId) {
        return json.readValue(jdbc.sql("SELECT applications::text FROM image_versions WHERE id = ?").param(versionId)
                .query(String.class).single(), APPLICATIONS);
    }

    /** The most recently registered version of an image. */
    public Optional<ImageVersionRef> newest(String image) {
        return jdbc.sql(SELECT + " WHERE i.name = ? ORDER BY v.registered_at DESC, v.id DESC LIMIT 1")
                .param(image).query(ImageCatalogue::map).optional();
    }

    private static ImageVersionRef map(ResultSet rs, int row) throws SQLException {
        return new ImageVersionRef(rs.getLong("id"), rs.getString("name"), rs.getString("sha256"), rs.getString("label"));
    }
}
