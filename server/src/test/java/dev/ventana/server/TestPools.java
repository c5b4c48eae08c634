package dev.ventana.server;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

/** Pools open to every user, each on an image and version of its own, written straight into the database. */
public final class TestPools {
    private TestPools() {
    }

    /** The pool {@code name} (also its image's name), published at version {@code label}; returns the name. */
    public static String create(JdbcClient jdbc, String name, String label, int memoryMib) {
        long image = jdbc.sql("INSERT INTO images (name) VALUES (?) RETURNING id").param(name).query(Long.class).single();
        long version = jdbc.sql("""
                        INSERT INTO image_versions (image_id, sha256, label, base_disk) VALUES (?, ?, ?, 'base.qcow2')
                        RETURNING id""")
                .params(image, String.format("%064x", UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE), label)
                .query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO desktop_pools (name, display_name, image_id, current_version_id, memory_mib, open_to_all_users)
                        VALUES (?, ?, ?, ?, ?, true)""")
                .params(name, "Test pool " + name, image, version, memoryMib).update();
        return name;
    }
}
