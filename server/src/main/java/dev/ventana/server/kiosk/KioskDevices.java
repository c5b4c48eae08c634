package dev.ventana.server.kiosk;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.identity.RandomKeys;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;

/** Kiosk devices and their keys; only a hash of each key is stored. */
@Service
public class KioskDevices {
    private static final String SELECT = """
            SELECT k.id, k.name, u.username, p.name AS pool, k.enabled
              FROM kiosk_devices k JOIN users u ON u.id = k.user_id JOIN desktop_pools p ON p.id = k.pool_id
            """;
    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final RandomKeys keys = new RandomKeys();

    KioskDevices(JdbcClient jdbc, UserDirectory users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    /** Registers a device and returns its key: the only time anyone sees it. */
    public String register(String name, String username, String pool) {
        // Its address signs in without a password (identity.DeviceSignIn refuses an admin's account too).
        if (users.find(username).filter(UserAccount::isAdmin).isPresent()) {
            throw new VentanaException(ErrorKind.CONFLICT, "'" + username + "' is an administrator: a kiosk signs in"
                    + " without a password, so it may only use an account without the ADMIN role.");
        }
        String key = keys.next();
        try {
            int rows = jdbc.sql("""
                            INSERT INTO kiosk_devices (name, key_hash, user_id, pool_id)
                            SELECT ?, ?, u.id, p.id FROM users u, desktop_pools p WHERE u.username = ? AND p.name = ?""")
                    .params(name, RandomKeys.hash(key), username, pool).update();
            if (rows == 0) {
                throw new VentanaException(ErrorKind.NOT_FOUND, "No user '" + username + "' or no desktop '" + pool + "'.");
            }
        } catch (DuplicateKeyException e) {
            throw new VentanaException(ErrorKind.CONFLICT, "A kiosk named '" + name + "' exists.");
        } catch (DataIntegrityViolationException e) {
            throw new VentanaException(ErrorKind.BAD_REQUEST,
                    "A kiosk name is 1 to 64 lower-case letters, digits or '-', starting with a letter or digit.");
        }
        return key;
    }

    /** The enabled device holding this key, noting that it was seen. */
    public Optional<KioskDevice> signIn(String key) {
        if (!RandomKeys.wellFormed(key)) {
            return Optional.empty();
        }
        Optional<KioskDevice> device = jdbc.sql(SELECT + " WHERE k.key_hash = ? AND k.enabled")
                .param(RandomKeys.hash(key)).query(KioskDevices::map).optional();
        device.ifPresent(d -> jdbc.sql("UPDATE kiosk_devices SET last_seen_at = now() WHERE id = ?").param(d.id()).update());
        return device;
    }

    public List<KioskDevice> all() {
        return jdbc.sql(SELECT + " ORDER BY k.name").query(KioskDevices::map).list();
    }

    private static KioskDevice map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new KioskDevice(rs.getLong("id"), rs.getString("name"), rs.getString("username"), rs.getString("pool"),
                rs.getBoolean("enabled"));
    }
}
