package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.ImageVersionRef;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Pools, as admins create and change them, and which of them a user may launch. */
@Service
public class Pools {
    private static final String SELECT = """
            SELECT p.id, p.name, p.display_name, i.name AS image, p.current_version_id, v.label, p.kind, p.application,
                   CASE WHEN p.kind = 'DESKTOP' THEN 'desktop'
                        ELSE coalesce((SELECT a ->> 'icon' FROM jsonb_array_elements(v.applications) a
                                        WHERE a ->> 'id' = p.application LIMIT 1),
                                      (SELECT a ->> 'icon' FROM pool_packages pp
                                         JOIN package_versions pv ON pv.id = pp.package_version_id,
                                              jsonb_array_elements(pv.applications) a
                                        WHERE pp.pool_id = p.id AND a ->> 'id' = p.application LIMIT 1),
                                      'application') END AS icon,
                   p.memory_mib, p.vcpus, p.network, p.max_sessions, p.enabled, p.open_to_all_users,
                   p.disconnect_timeout_s, p.idle_timeout_s, p.max_length_s, p.instant_on, p.page_sharing,
                   p.clipboard, p.resize, p.max_width, p.max_height
              FROM desktop_pools p JOIN images i ON i.id = p.image_id
              LEFT JOIN image_versions v ON v.id = p.current_version_id
            """;
    private static final String NAME = "[a-z0-9][a-z0-9-]{0,63}";
    private final JdbcClient jdbc;
    private final ImageCatalogue images;
    private final ApplicationEventPublisher events;

    Pools(JdbcClient jdbc, ImageCatalogue images, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.images = images;
        this.events = events;
    }

    public Optional<Pool> find(String name) {
        return jdbc.sql(SELECT + " WHERE p.name = ?").param(name).query(Pools::map).optional();
    }

    public Optional<Pool> find(long id) {
        return jdbc.sql(SELECT + " WHERE p.id = ?").param(id).query(Pools::map).optional();
    }

    public Pool get(String name) {
        return find(name).orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "There is no pool '" + name + "'."));
    }

    public List<Pool> all() {
        return jdbc.sql(SELECT + " ORDER BY p.name").query(Pools::map).list();
    }

    /** Enabled pools the user may launch: open to all, entitled by name, or through a group. */
    public List<Pool> launchableBy(long userId) {
        return jdbc.sql(SELECT + """
                         WHERE p.enabled AND (p.open_to_all_users OR EXISTS (
                               SELECT 1 FROM entitlements e
                                WHERE e.pool_id = p.id AND (e.user_id = :user OR e.group_id IN (
                                      SELECT group_id FROM group_members WHERE user_id = :user))))
                         ORDER BY p.kind = 'APPLICATION', p.display_name""")
                .param("user", userId).query(Pools::map).list();
    }

    /**
     * A new pool on the image, publishing {@code settings.version()} or, when that is null, the
     * image's newest version. CONFLICT when the name is taken.
     */
    @Transactional
    public Pool create(String actor, String name, String image, PoolSettings settings) {
        if (name == null || !name.matches(NAME)) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A pool's name is 1 to 64 lower-case letters, digits and"
                    + " '-', starting with a letter or digit, such as 'office-desktop'.");
        }
        if (image == null || images.versions(image).isEmpty()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "The image '" + image + "' has no version yet: build it"
                    + " with deploy/images or wait for a session host to report it.");
        }
        PoolSettings s = settings.version() != null ? settings
                : settings.withVersion(images.newest(image).orElseThrow().label());
        Long versionId = checkedVersion(image, s, null);
        try {
            jdbc.sql("""
                            INSERT INTO desktop_pools (name, display_name, image_id, current_version_id, memory_mib,
                                                       vcpus, max_sessions, enabled, open_to_all_users, kind,
                                                       application, network, disconnect_timeout_s, idle_timeout_s,
                                                       max_length_s, instant_on, page_sharing, clipboard, resize,
                                                       max_width, max_height)
                            VALUES (?, ?, (SELECT id FROM images WHERE name = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                                    ?, ?, ?, ?)""")
                    .params(name, s.displayName(), image, versionId, s.memoryMib(), s.vcpus(), s.maxSessions(),
                            s.enabled(), s.openToAllUsers(), s.kind().name(), s.application(), s.network().name(),
                            SessionPolicy.seconds(s.policy().disconnectTimeout()),
                            SessionPolicy.seconds(s.policy().idleTimeout()), SessionPolicy.seconds(s.policy().maxLength()),
                            s.instantOn(), s.pageSharing(), s.display().clipboard().name(), s.display().resize(),
                            s.display().maxWidth(), s.display().maxHeight())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new VentanaException(ErrorKind.CONFLICT, "A pool named '" + name + "' exists already.");
        }
        events.publishEvent(new PoolEvents.PoolCreated(actor, name, image, s));
        return get(name);
    }

    /**
     * Replaces the pool's settings; running sessions keep the version and machine they started with.
     * A pool's kind and image stay as created.
     */
    @Transactional
    public Pool change(String actor, String name, PoolSettings s) {
        Pool pool = get(name);
        if (s.kind() != pool.kind()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A pool's kind stays as it was created ("
                    + pool.kind() + "); create another pool for " + s.kind() + ".");
        }
        Long versionId = checkedVersion(pool.image(), s, pool.id());
        jdbc.sql("""
                        UPDATE desktop_pools SET display_name = ?, current_version_id = ?, memory_mib = ?, vcpus = ?,
                               max_sessions = ?, enabled = ?, open_to_all_users = ?, application = ?, network = ?,
                               disconnect_timeout_s = ?, idle_timeout_s = ?, max_length_s = ?, instant_on = ?,
                               page_sharing = ?, clipboard = ?, resize = ?, max_width = ?, max_height = ?
                         WHERE id = ?""")
                .params(s.displayName(), versionId, s.memoryMib(), s.vcpus(), s.maxSessions(), s.enabled(),
                        s.openToAllUsers(), s.application(), s.network().name(),
                        SessionPolicy.seconds(s.policy().disconnectTimeout()),
                        SessionPolicy.seconds(s.policy().idleTimeout()), SessionPolicy.seconds(s.policy().maxLength()),
                        s.instantOn(), s.pageSharing(), s.display().clipboard().name(), s.display().resize(),
                        s.display().maxWidth(), s.display().maxHeight(), pool.id())
                .update();
        events.publishEvent(new PoolEvents.PoolChanged(actor, name, pool.settings(), s));
        return get(name);
    }

    /**
     * The version's id; the version must be the image's, not deleted, and offer the pool's
     * application, or one of the pool's packages must ({@code poolId} null: a pool being created,
     * which has none); its application ids must not be those of the pool's packages.
     */
    Long checkedVersion(String image, PoolSettings s, Long poolId) {
        if (s.version() == null) {
            return null;
        }
        ImageVersionRef v = images.version(image, s.version()).orElseThrow(() -> new VentanaException(
                ErrorKind.BAD_REQUEST, "The image '" + image + "' has no version " + s.version() + "."));
        if (v.deleted()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "Version " + s.version() + " of '" + image
                    + "' was deleted; publish another.");
        }
        List<HostImage.Application> fromPackages = poolId == null ? List.of() : packageApplications(poolId);
        List<HostImage.Application> offered = new java.util.ArrayList<>(images.applications(v.id()));
        for (HostImage.Application a : fromPackages) {
            if (offered.stream().anyMatch(o -> o.id().equals(a.id()))) {
                throw new VentanaException(ErrorKind.BAD_REQUEST, "Version " + s.version() + " of '" + image
                        + "' offers the application '" + a.id() + "', which one of the pool's packages offers too;"
                        + " a pool's application ids must be unique.");
            }
        }
        offered.addAll(fromPackages);
        if (s.application() != null) {
            if (offered.stream().noneMatch(a -> a.id().equals(s.application()))) {
                throw new VentanaException(ErrorKind.BAD_REQUEST, "Version " + s.version() + " of '" + image
                        + "' offers no application '" + s.application() + "'; it offers "
                        + (offered.isEmpty() ? "none" : offered.stream().map(HostImage.Application::id).toList()) + ".");
            }
        }
        return v.id();
    }

    /** Makes the pool, with these policies, unless one has the name; true when it made it. */
    boolean ensure(String name, String displayName, String image, int memoryMib, boolean openToAllUsers,
                   SessionPolicy policy) {
        long imageId = images.ensureImage(image);
        return jdbc.sql("""
                        INSERT INTO desktop_pools (name, display_name, image_id, memory_mib, open_to_all_users,
                                                   disconnect_timeout_s, idle_timeout_s, max_length_s)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING""")
                .params(name, displayName, imageId, memoryMib, openToAllUsers,
                        SessionPolicy.seconds(policy.disconnectTimeout()), SessionPolicy.seconds(policy.idleTimeout()),
                        SessionPolicy.seconds(policy.maxLength()))
                .update() == 1;
    }

    /** Sets the pool's session policies; sessions running in it follow them from the next check on. */
    void policy(long poolId, SessionPolicy policy) {
        jdbc.sql("UPDATE desktop_pools SET disconnect_timeout_s = ?, idle_timeout_s = ?, max_length_s = ? WHERE id = ?")
                .params(SessionPolicy.seconds(policy.disconnectTimeout()), SessionPolicy.seconds(policy.idleTimeout()),
                        SessionPolicy.seconds(policy.maxLength()), poolId)
                .update();
    }

    /** The applications the pool's packages offer, in the packages' order. */
    public List<HostImage.Application> packageApplications(long poolId) {
        return jdbc.sql("""
                        SELECT a.value ->> 'id' AS id, a.value ->> 'name' AS name, a.value ->> 'icon' AS icon
                          FROM pool_packages pp JOIN package_versions pv ON pv.id = pp.package_version_id,
                               jsonb_array_elements(pv.applications) WITH ORDINALITY AS a(value, n)
                         WHERE pp.pool_id = ? ORDER BY pp.position, a.n""")
                .param(poolId).query((rs, row) -> new HostImage.Application(rs.getString("id"), rs.getString("name"),
                        rs.getString("icon"))).list();
    }

    /** The atomic switch: new sessions of the pool start on this version. */
    void publish(long poolId, long versionId) {
        jdbc.sql("UPDATE desktop_pools SET current_version_id = ? WHERE id = ?").params(versionId, poolId).update();
    }

    private static Pool map(ResultSet rs, int row) throws SQLException {
        Long version = rs.getObject("current_version_id", Long.class);
        String label = rs.getString("label");
        PoolSettings settings = new PoolSettings(rs.getString("display_name"), label,
                PoolKind.valueOf(rs.getString("kind")), rs.getString("application"), rs.getInt("vcpus"),
                rs.getInt("memory_mib"), PoolNetwork.valueOf(rs.getString("network")),
                rs.getObject("max_sessions", Integer.class), rs.getBoolean("enabled"),
                rs.getBoolean("open_to_all_users"),
                new SessionPolicy(SessionPolicy.seconds(rs.getObject("disconnect_timeout_s", Integer.class)),
                        SessionPolicy.seconds(rs.getObject("idle_timeout_s", Integer.class)),
                        SessionPolicy.seconds(rs.getObject("max_length_s", Integer.class))),
                rs.getBoolean("instant_on"), rs.getBoolean("page_sharing"),
                new DisplayPolicy(DisplayPolicy.Clipboard.valueOf(rs.getString("clipboard")), rs.getBoolean("resize"),
                        rs.getInt("max_width"), rs.getInt("max_height")));
        return new Pool(rs.getLong("id"), rs.getString("name"), rs.getString("image"), version, label,
                rs.getString("icon"), settings);
    }
}
