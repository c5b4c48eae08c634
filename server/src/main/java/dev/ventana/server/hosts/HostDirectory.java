package dev.ventana.server.hosts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The hosts of the farm, stored in PostgreSQL. */
@Service
public class HostDirectory {
    private static final String SELECT = "SELECT id, name, agent_url, state, cpu_cores, memory_mib, last_heartbeat_at FROM hosts";
    private final JdbcClient jdbc;

    HostDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a host, or updates its address and size when it registers again. */
    public Host register(String name, URI agentUrl, int cpuCores, long memoryMib) {
        return jdbc.sql("""
                        INSERT INTO hosts (name, agent_url, cpu_cores, memory_mib, last_heartbeat_at)
                        VALUES (?, ?, ?, ?, now())
                        ON CONFLICT (name) DO UPDATE SET agent_url = excluded.agent_url, cpu_cores = excluded.cpu_cores,
                            memory_mib = excluded.memory_mib, last_heartbeat_at = now()
                        RETURNING id, name, agent_url, state, cpu_cores, memory_mib, last_heartbeat_at""")
                .params(name, agentUrl.toString(), cpuCores, memoryMib)
                .query(HostDirectory::map).single();
    }

    public Optional<Host> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(HostDirectory::map).optional();
    }

    public List<Host> all() {
        return jdbc.sql(SELECT + " ORDER BY name").query(HostDirectory::map).list();
    }

    /** Hosts that take new sessions, the least loaded first. */
    public List<Host> acceptingNewSessions() {
        return jdbc.sql("""
                        SELECT h.id, h.name, h.agent_url, h.state, h.cpu_cores, h.memory_mib, h.last_heartbeat_at
                          FROM hosts h LEFT JOIN sessions s ON s.host_id = h.id AND s.state NOT IN ('STOPPED', 'FAILED')
                         WHERE h.state = 'ACTIVE'
                         GROUP BY h.id ORDER BY count(s.id), h.name""")
                .query(HostDirectory::map).list();
    }

    private static Host map(ResultSet rs, int row) throws SQLException {
        var heartbeat = rs.getTimestamp("last_heartbeat_at");
        return new Host(rs.getLong("id"), rs.getString("name"), URI.create(rs.getString("agent_url")),
                Host.HostState.valueOf(rs.getString("state")), rs.getInt("cpu_cores"), rs.getLong("memory_mib"),
                heartbeat == null ? null : heartbeat.toInstant());
    }
}
