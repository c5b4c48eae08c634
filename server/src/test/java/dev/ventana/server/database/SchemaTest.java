package dev.ventana.server.database;

import dev.ventana.server.ServerTest;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migrations apply to the real embedded PostgreSQL, and the constraints hold. */
class SchemaTest extends ServerTest {
    @Autowired
    Flyway flyway;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyMigrationIsApplied() {
        var migrations = flyway.info().all();

        assertThat(migrations).isNotEmpty();
        assertThat(Arrays.stream(migrations).map(m -> m.getState())).allMatch(s -> s == MigrationState.SUCCESS);
        assertThat(jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL 17");
    }

    @Test
    void theTablesOfTheDomainExist() {
        var tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .query(String.class).list();

        assertThat(tables).contains("users", "user_roles", "groups", "group_members", "images", "image_versions",
                "desktop_pools", "entitlements", "hosts", "sessions", "audit_events", "server_secrets");
    }

    @Test
    void anEntitlementNamesAUserOrAGroupButNotBoth() {
        long pool = pool("ent-pool");
        long user = jdbc.sql("SELECT id FROM users WHERE username = 'admin'").query(Long.class).single();
        long group = jdbc.sql("INSERT INTO groups (name) VALUES ('ent-group') RETURNING id").query(Long.class).single();

        assertThatThrownBy(() -> jdbc.sql("INSERT INTO entitlements (pool_id, user_id, group_id) VALUES (?, ?, ?)")
                .params(pool, user, group).update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO entitlements (pool_id) VALUES (?)").param(pool).update())
                .isInstanceOf(DataIntegrityViolationException.class);
        jdbc.sql("INSERT INTO entitlements (pool_id, user_id) VALUES (?, ?)").params(pool, user).update();
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO entitlements (pool_id, user_id) VALUES (?, ?)")
                .params(pool, user).update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aPoolCannotPublishAVersionOfAnotherImage() {
        long pool = pool("pub-pool");
        long otherImage = jdbc.sql("INSERT INTO images (name) VALUES ('other-image') RETURNING id").query(Long.class).single();
        long foreignVersion = version(otherImage, "f".repeat(64));

        assertThatThrownBy(() -> jdbc.sql("UPDATE desktop_pools SET current_version_id = ? WHERE id = ?")
                .params(foreignVersion, pool).update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aUserHasOneLiveSessionPerPoolAndAFailureNeedsAReason() {
        long pool = pool("live-pool");
        long version = jdbc.sql("SELECT current_version_id FROM desktop_pools WHERE id = ?").param(pool)
                .query(Long.class).single();
        long user = jdbc.sql("SELECT id FROM users WHERE username = 'admin'").query(Long.class).single();
        // ended_at is set by the database clock when the state is final, as the broker will do.
        String insert = "INSERT INTO sessions (id, user_id, pool_id, image_version_id, state, failure_reason, ended_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? IN ('STOPPED', 'FAILED') THEN now() END)";

        jdbc.sql(insert).params(UUID.randomUUID(), user, pool, version, "PLACING", null, "PLACING").update();
        assertThatThrownBy(() -> jdbc.sql(insert).params(UUID.randomUUID(), user, pool, version, "PLACING", null,
                "PLACING").update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql(insert).params(UUID.randomUUID(), user, pool, version, "FAILED", null,
                "FAILED").update()).isInstanceOf(DataIntegrityViolationException.class);
        jdbc.sql(insert).params(UUID.randomUUID(), user, pool, version, "FAILED", "guest crashed", "FAILED").update();
    }

    @Test
    void aLostSessionIsFinalHasAReasonAndFreesThePool() {
        long pool = pool("lost-pool");
        long version = jdbc.sql("SELECT current_version_id FROM desktop_pools WHERE id = ?").param(pool)
                .query(Long.class).single();
        long user = jdbc.sql("SELECT id FROM users WHERE username = 'admin'").query(Long.class).single();
        long host = jdbc.sql("INSERT INTO hosts (name, agent_url, draining, cpu_cores, memory_mib, capacity_mib) "
                + "VALUES ('schema-lost', 'http://h:1', true, 1, 1024, 1024) RETURNING id").query(Long.class).single();
        String insert = "INSERT INTO sessions (id, user_id, pool_id, image_version_id, host_id, state, failure_reason, ended_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?::timestamptz)";

        assertThatThrownBy(() -> jdbc.sql(insert).params(UUID.randomUUID(), user, pool, version, host, "LOST", null, "now")
                .update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql(insert).params(UUID.randomUUID(), user, pool, version, host, "LOST", "host down", null)
                .update()).isInstanceOf(DataIntegrityViolationException.class);
        jdbc.sql(insert).params(UUID.randomUUID(), user, pool, version, host, "LOST", "host down", "now").update();
        jdbc.sql(insert).params(UUID.randomUUID(), user, pool, version, host, "PLACING", null, null).update();
    }

    @Test
    void aHostIsUpFencingOrDownAndDrainingIsAFlag() {
        // Draining: no other test's launch may be placed on these.
        String insert = "INSERT INTO hosts (name, agent_url, state, draining, cpu_cores, memory_mib, capacity_mib) "
                + "VALUES (?, 'http://h:1', ?, true, 1, 1024, 512)";

        jdbc.sql(insert).params("schema-up", "UP").update();
        jdbc.sql(insert).params("schema-fencing", "FENCING").update();
        assertThatThrownBy(() -> jdbc.sql(insert).params("schema-draining", "DRAINING").update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void theAuditTrailIsAppendOnly() {
        jdbc.sql("INSERT INTO audit_events (actor, action) VALUES ('test', 'test.appended')").update();

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_events SET actor = 'someone-else'").update())
                .isInstanceOf(UncategorizedSQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_events").update())
                .isInstanceOf(UncategorizedSQLException.class).hasMessageContaining("append-only");
    }

    @Test
    void passwordsAreStoredAsHashesOnly() {
        var hashes = jdbc.sql("SELECT password_hash FROM users").query(String.class).list();

        assertThat(hashes).isNotEmpty().allMatch(h -> h.startsWith("{bcrypt}$2"));
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO users (username, display_name, password_hash) VALUES ('plain', 'P', 'hunter2')")
                .update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aPoolsDisplayPolicyStaysWithinWhatTheGuestsDisplayTakes() {
        long pool = pool("display-pool");
        assertThat(jdbc.sql("SELECT clipboard || ' ' || resize || ' ' || max_width || ' ' || max_height"
                + " FROM desktop_pools WHERE id = ?").param(pool).query(String.class).single())
                .as("the defaults").isEqualTo("BOTH true 1920 1200");
        for (String set : new String[]{"clipboard = 'SIDEWAYS'", "clipboard = NULL", "max_width = 639",
                "max_width = 2561", "max_height = 479", "max_height = 1601", "resize = NULL"}) {
            assertThatThrownBy(() -> jdbc.sql("UPDATE desktop_pools SET " + set + " WHERE id = ?").param(pool).update())
                    .as(set).isInstanceOf(DataIntegrityViolationException.class);
        }
        jdbc.sql("UPDATE desktop_pools SET clipboard = 'TO_BROWSER', max_width = 2560, max_height = 480 WHERE id = ?")
                .param(pool).update();
    }

    private long pool(String name) {
        long image = jdbc.sql("INSERT INTO images (name) VALUES (?) RETURNING id").param(name + "-img").query(Long.class).single();
        long version = version(image, String.format("%064x", Math.abs((long) name.hashCode())));
        return jdbc.sql("INSERT INTO desktop_pools (name, display_name, image_id, current_version_id) VALUES (?, ?, ?, ?) RETURNING id")
                .params(name, name, image, version).query(Long.class).single();
    }

    private long version(long image, String sha256) {
        return jdbc.sql("INSERT INTO image_versions (image_id, sha256, label, base_disk) VALUES (?, ?, 'v1', 'base.qcow2') RETURNING id")
                .params(image, sha256).query(Long.class).single();
    }
}
