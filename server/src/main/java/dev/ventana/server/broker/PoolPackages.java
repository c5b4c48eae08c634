package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.GuestRequest.PackageRef;
import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.notices.Notice;
import dev.ventana.server.notices.NoticeKind;
import dev.ventana.server.notices.SessionNotices;
import dev.ventana.server.packages.PackageCatalogue;
import dev.ventana.server.packages.PackageVersionRef;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which application packages a pool's sessions get, and moving its users onto a new list, as
 * PoolVersions does for image versions: the list is one switch for sessions placed afterwards
 * (sessions.packages is fixed at placement); running sessions keep theirs until logoff and are
 * told (PACKAGE_UPDATE); a roll-out logs off those whose packages differ. The golden image and
 * its templates are untouched.
 */
@Service
public class PoolPackages {
    static final int MAX = 16;
    static final String UPDATE_NOTICE = "package-update";
    static final String UPDATE_TEXT = "A new version of your applications is ready: log off to get it.";
    private static final TypeReference<List<PackageRef>> REFS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final Pools pools;
    private final PackageCatalogue catalogue;
    private final ImageCatalogue images;
    private final SessionNotices notices;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;

    PoolPackages(JdbcClient jdbc, Pools pools, PackageCatalogue catalogue, ImageCatalogue images, SessionNotices notices,
                 ApplicationEventPublisher events, JsonMapper json) {
        this.jdbc = jdbc;
        this.pools = pools;
        this.catalogue = catalogue;
        this.images = images;
        this.notices = notices;
        this.events = events;
        this.json = json;
    }

    /** What a change did: the lists before and after, and the running sessions told. */
    public record Changed(String pool, List<PackageRef> from, List<PackageRef> to, int sessionsTold) {
    }

    /** The pool's list as jsonb [{"name","version"}] in order, for SQL comparing it with sessions.packages. */
    static String listSql(String poolId) {
        return "coalesce((SELECT jsonb_agg(jsonb_build_object('name', pk.name, 'version', pv.label) ORDER BY pp.position)"
                + " FROM pool_packages pp JOIN package_versions pv ON pv.id = pp.package_version_id"
                + " JOIN packages pk ON pk.id = pv.package_id WHERE pp.pool_id = " + poolId + "), '[]'::jsonb)";
    }

    /** The packages the pool's new sessions get, in order. */
    public List<PackageRef> of(long poolId) {
        return json.readValue(jdbc.sql("SELECT " + listSql("?") + "::text").param(poolId).query(String.class).single(),
                REFS);
    }

    public List<PackageRef> of(String poolName) {
        return of(pools.get(poolName).id());
    }

    /**
     * Replaces the pool's list. BAD_REQUEST for more than MAX, a package twice, a version the
     * catalogue does not have (or deleted), one made for another image, two applications with one
     * id, or an application pool whose application nothing would offer any more.
     */
    @Transactional
    public Changed change(String actor, String poolName, List<PackageRef> wanted) {
        Pool pool = pools.get(poolName);
        if (wanted == null) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "Send {\"packages\":[{\"name\",\"version\"}...]}: the"
                    + " pool's whole list, in order ([] for none).");
        }
        if (wanted.size() > MAX) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A pool lists at most " + MAX + " packages, not "
                    + wanted.size() + ".");
        }
        List<PackageVersionRef> versions = checked(pool, wanted);
        // The row lock orders two changes of one pool: each sees the other's result as "before".
        jdbc.sql("SELECT id FROM desktop_pools WHERE id = ? FOR UPDATE").param(pool.id()).query(Long.class).single();
        List<PackageRef> from = of(pool.id());
        jdbc.sql("DELETE FROM pool_packages WHERE pool_id = ?").param(pool.id()).update();
        for (int i = 0; i < versions.size(); i++) {
            jdbc.sql("INSERT INTO pool_packages (pool_id, package_version_id, position) VALUES (?, ?, ?)")
                    .params(pool.id(), versions.get(i).id(), i).update();
        }
        List<PackageRef> to = of(pool.id());
        int told = tell(pool);
        Changed changed = new Changed(pool.name(), from, to, told);
        events.publishEvent(new PoolEvents.PackagesChanged(actor, changed));
        return changed;
    }

    /** Each live session of the pool whose packages differ is told; one that has them no longer is. */
    private int tell(Pool pool) {
        Map<UUID, boolean[]> live = new LinkedHashMap<>();
        jdbc.sql("SELECT s.id, s.packages = " + listSql("s.pool_id") + " AS same,"
                        + " s.image_version_id = p.current_version_id AS same_version"
                        + " FROM sessions s JOIN desktop_pools p ON p.id = s.pool_id WHERE s.pool_id = ? AND"
                        + SessionStore.LIVE)
                .param(pool.id())
                .query((java.sql.ResultSet rs) -> {
                    live.put(rs.getObject("id", UUID.class),
                            new boolean[] {rs.getBoolean("same"), rs.getBoolean("same_version")});
                });
        int told = 0;
        for (Map.Entry<UUID, boolean[]> entry : live.entrySet()) {
            UUID session = entry.getKey();
            if (entry.getValue()[0]) {
                notices.clear(session, UPDATE_NOTICE);
                if (entry.getValue()[1]) { // nothing left to roll out
                    notices.clear(session, PoolVersions.ROLLOUT_NOTICE);
                    jdbc.sql("UPDATE sessions SET logoff_at = NULL WHERE id = ?").param(session).update();
                }
            } else {
                notices.post(session, UPDATE_NOTICE, NoticeKind.PACKAGE_UPDATE, Notice.Level.info, UPDATE_TEXT, null,
                        List.of("DISMISS"));
                told++;
            }
        }
        return told;
    }

    private List<PackageVersionRef> checked(Pool pool, List<PackageRef> wanted) {
        List<PackageVersionRef> versions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (PackageRef ref : wanted) {
            if (ref == null || ref.name() == null || ref.version() == null) {
                throw new VentanaException(ErrorKind.BAD_REQUEST, "Each package is {\"name\",\"version\"}.");
            }
            if (!names.add(ref.name())) {
                throw new VentanaException(ErrorKind.BAD_REQUEST, "The package '" + ref.name() + "' is listed twice;"
                        + " a pool has one version of each package.");
            }
            PackageVersionRef v = catalogue.version(ref.name(), ref.version()).filter(p -> !p.deleted())
                    .orElseThrow(() -> new VentanaException(ErrorKind.BAD_REQUEST, "The package '" + ref.name()
                            + "' has no version " + ref.version() + "."));
            if (!v.madeForImage().equals(pool.image())) {
                throw new VentanaException(ErrorKind.BAD_REQUEST, "Version " + v.label() + " of package '" + v.name()
                        + "' was made for the image '" + v.madeForImage() + "', and the pool runs '" + pool.image() + "'.");
            }
            versions.add(v);
        }
        List<HostImage.Application> offered = new ArrayList<>(pool.published()
                ? images.applications(pool.currentVersionId()) : List.of());
        Map<String, String> owner = new LinkedHashMap<>();
        offered.forEach(a -> owner.put(a.id(), "the image version " + pool.version()));
        for (PackageVersionRef v : versions) {
            for (HostImage.Application a : v.applications()) {
                String before = owner.putIfAbsent(a.id(), "the package '" + v.name() + "'");
                if (before != null) {
                    throw new VentanaException(ErrorKind.BAD_REQUEST, "The application id '" + a.id() + "' of the"
                            + " package '" + v.name() + "' is also one of " + before + "; a pool's application ids"
                            + " must be unique.");
                }
            }
        }
        String application = pool.settings().application();
        if (application != null && !owner.containsKey(application)) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "The pool publishes the application '" + application
                    + "', which neither its image version nor these packages would offer.");
        }
        return versions;
    }
}
