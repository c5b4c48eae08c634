package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.ImageVersionRef;
import dev.ventana.server.notices.Notice;
import dev.ventana.server.notices.NoticeKind;
import dev.ventana.server.notices.SessionNotices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which image version a pool publishes, and moving its users onto it: publishing is one atomic
 * switch for the sessions that start afterwards; running sessions keep their version until their
 * users log off, and are told a new one is ready; a roll-out logs them off when its grace ends.
 * Rolling back is publishing an older version.
 */
@Service
public class PoolVersions {
    static final String UPDATE_NOTICE = "image-update";
    static final String ROLLOUT_NOTICE = "rollout";
    static final String UPDATE_TEXT = "A new version of your desktop is ready: log off to get it.";
    static final int MAX_GRACE_MINUTES = 7 * 24 * 60;
    private final JdbcClient jdbc;
    private final Pools pools;
    private final ImageCatalogue images;
    private final SessionNotices notices;
    private final ApplicationEventPublisher events;

    PoolVersions(JdbcClient jdbc, Pools pools, ImageCatalogue images, SessionNotices notices,
                 ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.pools = pools;
        this.images = images;
        this.notices = notices;
        this.events = events;
    }

    /** What a publish did: the versions before and after, whether it went back, and the sessions told. */
    public record Published(String pool, String from, String to, boolean rollback, int sessionsTold) {
    }

    /** What a roll-out did: the sessions it will log off, and when. */
    public record Rollout(String pool, String version, int sessions, Instant logoffAt) {
    }

    /**
     * Publishes the version: new sessions of the pool start on it. A version registered before the
     * one published now is a rollback. Sessions on another version are told (and those already on
     * it no longer are).
     */
    @Transactional
    public Published publish(String actor, String poolName, String version) {
        Pool pool = pools.get(poolName);
        if (version == null) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "Send {\"version\":\"<16-hex id>\"}: the version to publish.");
        }
        long to = pools.checkedVersion(pool.image(), pool.settings().withVersion(version), pool.id());
        // The row lock orders two publishes of one pool: each sees the other's result as "before".
        Long from = jdbc.sql("SELECT current_version_id FROM desktop_pools WHERE id = ? FOR UPDATE").param(pool.id())
                .query(Long.class).optional().orElse(null);
        jdbc.sql("UPDATE desktop_pools SET current_version_id = ? WHERE id = ?").params(to, pool.id()).update();
        ImageVersionRef before = from == null ? null : images.version(from).orElseThrow();
        ImageVersionRef after = images.version(to).orElseThrow();
        boolean rollback = before != null && after.registeredAt().isBefore(before.registeredAt());
        int told = 0;
        // Each live session of the pool with whether it already runs the published version: one query.
        Map<UUID, Boolean> live = new LinkedHashMap<>();
        Map<UUID, Boolean> samePackages = new LinkedHashMap<>();
        jdbc.sql("SELECT s.id, s.image_version_id = ? AS current, s.packages = " + PoolPackages.listSql("s.pool_id")
                        + " AS same_packages FROM sessions s WHERE s.pool_id = ? AND" + SessionStore.LIVE)
                .params(to, pool.id())
                .query((java.sql.ResultSet rs) -> {
                    live.put(rs.getObject("id", UUID.class), rs.getBoolean("current"));
                    samePackages.put(rs.getObject("id", UUID.class), rs.getBoolean("same_packages"));
                });
        for (Map.Entry<UUID, Boolean> entry : live.entrySet()) {
            UUID session = entry.getKey();
            if (entry.getValue()) {
                notices.clear(session, UPDATE_NOTICE);
                if (samePackages.get(session)) { // nothing left to roll out
                    notices.clear(session, ROLLOUT_NOTICE);
                    jdbc.sql("UPDATE sessions SET logoff_at = NULL WHERE id = ?").param(session).update();
                }
            } else {
                notices.post(session, UPDATE_NOTICE, NoticeKind.IMAGE_UPDATE, Notice.Level.info, UPDATE_TEXT, null,
                        List.of("DISMISS"));
                told++;
            }
        }
        Published published = new Published(pool.name(), before == null ? null : before.label(), after.label(),
                rollback, told);
        events.publishEvent(new PoolEvents.VersionPublished(actor, published));
        return published;
    }

    /**
     * Every live session of the pool on a version other than the published one, or with other
     * packages than the pool's (PoolPackages), sees the countdown and is logged off when it ends ({@link Rollouts}); the message is shown with it.
     */
    @Transactional
    public Rollout rollout(String actor, String poolName, Integer graceMinutes, String message) {
        Pool pool = pools.get(poolName);
        if (!pool.published()) {
            throw new VentanaException(ErrorKind.CONFLICT, "'" + poolName + "' publishes no version yet: publish one first.");
        }
        if (graceMinutes == null || graceMinutes < 0 || graceMinutes > MAX_GRACE_MINUTES) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "graceMinutes must be between 0 and " + MAX_GRACE_MINUTES
                    + " (a week).");
        }
        String text = message == null || message.isBlank() ? "Your desktop is being updated to a new version."
                : message.strip();
        if (text.length() > 900) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "message is at most 900 characters.");
        }
        Instant at = jdbc.sql("SELECT now() + make_interval(mins => ?)").param(graceMinutes)
                .query(java.sql.Timestamp.class).single().toInstant();
        List<UUID> sessions = jdbc.sql("""
                        UPDATE sessions s SET logoff_at = least(coalesce(s.logoff_at, :at), :at)
                         WHERE s.pool_id = :pool AND""" + SessionStore.LIVE + """
                           AND (s.image_version_id <> :version OR s.packages <> """ + PoolPackages.listSql("s.pool_id") + """
                        )

                        RETURNING s.id""")
                .param("at", java.sql.Timestamp.from(at)).param("pool", pool.id())
                .param("version", pool.currentVersionId()).query(UUID.class).list();
        for (UUID session : sessions) {
            notices.clear(session, UPDATE_NOTICE);
            notices.clear(session, PoolPackages.UPDATE_NOTICE);
            notices.post(session, ROLLOUT_NOTICE, NoticeKind.ROLLOUT, Notice.Level.warning,
                    text + " You will be logged off when the time is up; your files are kept.", at, List.of());
        }
        Rollout rollout = new Rollout(pool.name(), pool.version(), sessions.size(), at);
        events.publishEvent(new PoolEvents.RolledOut(actor, rollout, Duration.ofMinutes(graceMinutes)));
        return rollout;
    }
}
