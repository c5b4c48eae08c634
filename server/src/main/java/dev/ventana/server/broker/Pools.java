package dev.ventana.server.broker;

import dev.ventana.server.images.ImageCatalogue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Desktop pools and who may launch them. */
@Service
public class Pools {
    private static final String SELECT = """
            SELECT p.id, p.name, p.display_name, i.name AS image, p.current_version_id, p.memory_mib, p.vcpus,
                   p.open_to_all_users
              FROM desktop_pools p JOIN images i ON i.id = p.image_id
            """;
    private final JdbcClient jdbc;
    private final ImageCatalogue images;

    Pools(JdbcClient jdbc, ImageCatalogue images) {
        this.jdbc = jdbc;
        this.images = images;
    }

    public Optional<Pool> find(String name) {
        return jdbc.sql(SELECT + " WHERE p.name = ?").param(name).query(Pools::map).optional();
    }

    public Optional<Pool> find(long id) {
        return jdbc.sql(SELECT + " WHERE p.id = ?").param(id).query(Pools::map).optional();
    }

    /** Enabled pools the user may launch: open to all, entitled by name, or through a group. */
    public List<Pool> launchableBy(long userId) {
        return jdbc.sql(SELECT + """
                         WHERE p.enabled AND (p.open_to_all_users OR EXISTS (
                               SELECT 1 FROM entitlements e
                                WHERE e.pool_id = p.id AND (e.user_id = :user OR e.group_id IN (
                                      SELECT group_id FROM group_members WHERE user_id = :user))))
                         ORDER BY p.display_name""")
                .param("user", userId).query(Pools::map).list();
    }

    /** Creates the pool if it does not exist, leaving an existing one as the admin set it. */
    public Pool ensure(String name, String displayName, String image, int memoryMib, boolean openToAllUsers) {
        long imageId = images.ensureImage(image);
        jdbc.sql("""
                        INSERT INTO desktop_pools (name, display_name, image_id, memory_mib, open_to_all_users)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING""")
                .params(name, displayName, imageId, memoryMib, openToAllUsers).update();
        return find(name).orElseThrow();
    }

    /** Sets the pool's session policies; sessions running in it follow them from the next check on. */
    public void policy(long poolId, SessionPolicy policy) {
        jdbc.sql("UPDATE desktop_pools SET disconnect_timeout_s = ?, idle_timeout_s = ?, max_length_s = ? WHERE id = ?")
                .params(SessionPolicy.seconds(policy.disconnectTimeout()), SessionPolicy.seconds(policy.idleTimeout()),
                        SessionPolicy.seconds(policy.maxLength()), poolId)
                .update();
    }

    /** The atomic switch: new sessions of the pool start on this version. */
    public void publish(long poolId, long versionId) {
        jdbc.sql("UPDATE desktop_pools SET current_version_id = ? WHERE id = ?").params(versionId, poolId).update();
    }

    private static Pool map(ResultSet rs, int row) throws SQLException {
        Long version = rs.getObject("current_version_id", Long.class);
        return new Pool(rs.getLong("id"), rs.getString("name"), rs.getString("display_name"), rs.getString("image"),
                version, rs.getInt("memory_mib"), rs.getInt("vcpus"),
                rs.getBoolean("open_to_all_users"));
    }
}
