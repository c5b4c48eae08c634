package dev.ventana.server.broker;

import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostAgents;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.images.ImageCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts what the enabled pools offer (each one's published image version and its packages) on every
 * up, non-draining host before a user needs it, as a farm's catalog update does (docs/architecture.md,
 * "Prefetch"): a launch then never waits for a transfer, wherever it is placed. Each pass compares
 * the pools with what the hosts' last heartbeats listed and asks each host for what it lacks
 * (its agent's prefetch: it fetches in the background from the other hosts, then this server).
 * A host is asked for one version again only after {@code ventana.hosts.prefetch-retry}: its
 * heartbeat lists the version once it has it, and a fetch that failed is tried again then.
 *
 * <p>Threads: a pass runs on the scheduler's thread, one at a time, and only it touches
 * {@link #asked}; each ask runs on a virtual thread of its own, as a host may take seconds to answer.
 */
@Component
class FarmPrefetch {
    private static final Logger log = LoggerFactory.getLogger(FarmPrefetch.class);
    private final JdbcClient jdbc;
    private final HostDirectory hosts;
    private final HostAgents agents;
    private final ImageCatalogue images;
    private final VersionSources sources;
    private final boolean enabled;
    private final Duration retry;
    private final Clock clock;
    /** "host kind name/version" → when that host was last asked for it. */
    private final Map<String, Instant> asked = new HashMap<>();

    FarmPrefetch(JdbcClient jdbc, HostDirectory hosts, HostAgents agents, ImageCatalogue images, VersionSources sources,
                 @Value("${ventana.hosts.prefetch:true}") boolean enabled,
                 @Value("${ventana.hosts.prefetch-retry:5m}") Duration retry, Clock clock) {
        this.jdbc = jdbc;
        this.hosts = hosts;
        this.agents = agents;
        this.images = images;
        this.sources = sources;
        this.enabled = enabled;
        this.retry = retry;
        this.clock = clock;
    }

    /** One version a host lacks: {@code kind} is the agent API's path segment, "images" or "packages". */
    record Missing(long hostId, String kind, String name, String version) {
        @Override
        public String toString() {
            return (kind.equals("images") ? "image " : "package ") + name + " version " + version;
        }
    }

    @Scheduled(fixedDelayString = "${ventana.hosts.prefetch-interval:10s}", initialDelayString = "5s")
    void pass() {
        if (!enabled) {
            return;
        }
        Instant now = clock.instant();
        asked.values().removeIf(at -> at.isBefore(now.minus(retry)));
        for (Missing m : missing()) {
            String key = m.hostId() + " " + m.kind() + " " + m.name() + "/" + m.version();
            if (asked.containsKey(key)) {
                continue;
            }
            asked.put(key, now);
            // Off the scheduler's one thread, which the host watch and the session policies share.
            hosts.find(m.hostId()).ifPresent(host -> Thread.ofVirtual().name("prefetch-" + host.name())
                    .start(() -> ask(host, m)));
        }
    }

    private void ask(Host host, Missing m) {
        List<String> from = m.kind().equals("images")
                ? images.version(m.name(), m.version()).map(v -> sources.of(v, host)).orElse(List.of())
                : sources.ofPackage(m.name(), m.version(), host);
        if (from.isEmpty()) {
            log.warn("Host {} lacks {}, and no other host nor this server has it to give", host.name(), m);
            return;
        }
        try {
            if (!agents.of(host).prefetch(m.kind(), m.name(), m.version(), from)) {
                log.info("Host {} fetches {} ahead of its users", host.name(), m);
            }
        } catch (VentanaException e) {
            log.warn("Host {} was not given {} ahead of its users: {}", host.name(), m, e.getMessage());
        }
    }

    /** What the enabled pools offer that an up, non-draining host's last heartbeat did not list. */
    List<Missing> missing() {
        return jdbc.sql("""
                        WITH wanted AS (
                            SELECT 'images' AS kind, i.name, v.label
                              FROM desktop_pools p JOIN image_versions v ON v.id = p.current_version_id
                                   JOIN images i ON i.id = v.image_id
                             WHERE p.enabled AND v.deleted_at IS NULL
                            UNION
                            SELECT 'packages', k.name, pv.label
                              FROM desktop_pools p JOIN pool_packages pp ON pp.pool_id = p.id
                                   JOIN package_versions pv ON pv.id = pp.package_version_id
                                   JOIN packages k ON k.id = pv.package_id
                             WHERE p.enabled AND pv.deleted_at IS NULL)
                        SELECT h.id, w.kind, w.name, w.label FROM hosts h CROSS JOIN wanted w
                         WHERE h.state = 'UP' AND NOT h.draining
                           AND NOT CASE w.kind
                               WHEN 'images' THEN h.images @> jsonb_build_array(jsonb_build_object('image', w.name, 'id', w.label))
                               ELSE h.packages @> jsonb_build_array(jsonb_build_object('name', w.name, 'id', w.label)) END
                         ORDER BY h.id, w.kind, w.name""")
                .query((rs, row) -> new Missing(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }
}
