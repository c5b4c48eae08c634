package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/** Which users and groups may launch a pool. A pool open to all users needs none. */
@Service
public class Entitlements {
    private final JdbcClient jdbc;
    private final Pools pools;
    private final ApplicationEventPublisher events;

    Entitlements(JdbcClient jdbc, Pools pools, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.pools = pools;
        this.events = events;
    }

    /** Users first, then groups, each by name. */
    public List<Entitlement> of(String poolName) {
        long pool = pools.get(poolName).id();
        return jdbc.sql("""
                        SELECT u.username, g.name AS group_name FROM entitlements e
                          LEFT JOIN users u ON u.id = e.user_id LEFT JOIN groups g ON g.id = e.group_id
                         WHERE e.pool_id = ? ORDER BY u.username NULLS LAST, g.name""")
                .param(pool)
                .query((rs, row) -> new Entitlement(rs.getString("username"), rs.getString("group_name")))
                .list();
    }

    /** Idempotent: granting what is already granted changes nothing. */
    @Transactional
    public void grant(String actor, String poolName, Entitlement who) {
        long pool = pools.get(poolName).id();
        int added = who.user() != null
                ? jdbc.sql("INSERT INTO entitlements (pool_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(pool, userId(who.user())).update()
                : jdbc.sql("INSERT INTO entitlements (pool_id, group_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(pool, groupId(who.group())).update();
        if (added == 1) {
            events.publishEvent(new PoolEvents.Entitled(actor, poolName, who.subject()));
        }
    }

    /** Idempotent; sessions already running stay until they end. */
    @Transactional
    public void revoke(String actor, String poolName, Entitlement who) {
        long pool = pools.get(poolName).id();
        int removed = who.user() != null
                ? jdbc.sql("DELETE FROM entitlements WHERE pool_id = ? AND user_id = ?").params(pool, userId(who.user())).update()
                : jdbc.sql("DELETE FROM entitlements WHERE pool_id = ? AND group_id = ?").params(pool, groupId(who.group())).update();
        if (removed == 1) {
            events.publishEvent(new PoolEvents.Unentitled(actor, poolName, who.subject()));
        }
    }

    private long userId(String username) {
        return jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(Long.class).optional()
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "There is no user '" + username + "'."));
    }

    private long groupId(String group) {
        return jdbc.sql("SELECT id FROM groups WHERE name = ?").param(group).query(Long.class).optional()
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "There is no group '" + group + "'."));
    }
}
