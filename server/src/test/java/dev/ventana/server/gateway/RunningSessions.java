package dev.ventana.server.gateway;

import dev.ventana.server.identity.UserAccount;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.util.UUID;

/** RUNNING sessions of guest {@code guest-1} on hosts of the test's choosing, written straight into the database. */
final class RunningSessions {
    private final JdbcClient jdbc;

    RunningSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID create(UserAccount user, URI agentUrl) {
        return create(user.id(), agentUrl);
    }

    UUID create(long userId, URI agentUrl) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long host = jdbc.sql("""
                        INSERT INTO hosts (name, agent_url, cpu_cores, memory_mib, capacity_mib) VALUES (?, ?, 2, 1024, 1024) RETURNING id""")
                .params("test-host-" + suffix, agentUrl.toString()).query(Long.class).single();
        // Draining, so that the broker never places real launches of other tests here.
        jdbc.sql("UPDATE hosts SET draining = true WHERE id = ?").param(host).update();
        long image = jdbc.sql("INSERT INTO images (name) VALUES (?) RETURNING id").param("gw-" + suffix).query(Long.class).single();
        long version = jdbc.sql("""
                        INSERT INTO image_versions (image_id, sha256, label, base_disk) VALUES (?, ?, 'v', 'base.qcow2')
                        RETURNING id""")
                .params(image, (suffix + "0".repeat(64)).substring(0, 64).replaceAll("[^0-9a-f]", "0")).query(Long.class).single();
        long pool = jdbc.sql("""
                        INSERT INTO desktop_pools (name, display_name, image_id, current_version_id) VALUES (?, ?, ?, ?)
                        RETURNING id""")
                .params("gw-" + suffix, "Gateway test", image, version).query(Long.class).single();
        UUID session = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO sessions (id, user_id, pool_id, image_version_id, host_id, guest_id, state, started_at)
                        VALUES (?, ?, ?, ?, ?, 'guest-1', 'RUNNING', now())""")
                .params(session, userId, pool, version, host).update();
        return session;
    }
}
