package dev.ventana.server.broker;

import dev.ventana.server.hosts.TemplateDemand;
import dev.ventana.server.hosts.TemplateWanted;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The templates of the enabled instant-on pools' published versions, one per shape. */
@Component
class PoolTemplates implements TemplateDemand {
    private final JdbcClient jdbc;

    PoolTemplates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TemplateWanted> wanted() {
        return jdbc.sql("""
                        SELECT DISTINCT i.name, v.label, p.memory_mib, p.vcpus, p.network, p.page_sharing
                          FROM desktop_pools p JOIN images i ON i.id = p.image_id
                          JOIN image_versions v ON v.id = p.current_version_id
                         WHERE p.enabled AND p.instant_on""")
                .query((rs, n) -> new TemplateWanted(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        rs.getString(5), rs.getBoolean(6)))
                .list();
    }
}
