package dev.ventana.server.identity;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The users and their roles, stored in PostgreSQL. Every change publishes an {@link IdentityEvents}. */
@Service
public class UserDirectory {
    private static final String SELECT_USERS = """
            SELECT u.id, u.username, u.display_name, u.enabled, u.created_at, u.password_hash,
                   coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
              FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
            """;

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;

    UserDirectory(JdbcClient jdbc, PasswordEncoder passwords, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.events = events;
    }

    public Optional<UserAccount> find(String username) {
        return stored(username).map(StoredUser::account);
    }

    /** The account of an authenticated caller; UNAUTHORIZED if it has gone since they signed in. */
    public UserAccount signedIn(String username) {
        return find(username).orElseThrow(() -> new VentanaException(ErrorKind.UNAUTHORIZED, "Your account no longer exists."));
    }

    public List<UserAccount> all() {
        return jdbc.sql(SELECT_USERS + " GROUP BY u.id ORDER BY u.username")
                .query(UserDirectory::mapRow).list().stream().map(StoredUser::account).toList();
    }

    public boolean anyAdmin() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM user_roles WHERE role = 'ADMIN')").query(Boolean.class).single();
    }

    @Transactional
    public UserAccount create(NewUser user, String actor) {
        UserRules.checkUsername(user.username());
        UserRules.checkDisplayName(user.displayName());
        UserRules.checkPassword(user.password());
        UserRules.checkRoles(user.roles());
        long id;
        try {
            id = jdbc.sql("INSERT INTO users (username, display_name, password_hash) VALUES (?, ?, ?) RETURNING id")
                    .params(user.username(), user.displayName().strip(), passwords.encode(user.password()))
                    .query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new VentanaException(ErrorKind.CONFLICT, "The username '" + user.username() + "' is taken.");
        }
        writeRoles(id, user.roles());
        events.publishEvent(new IdentityEvents.UserCreated(actor, user.username(), user.roles()));
        return find(user.username()).orElseThrow();
    }

    @Transactional
    public void resetPassword(String username, String newPassword, String actor) {
        UserRules.checkPassword(newPassword);
        int updated = jdbc.sql("UPDATE users SET password_hash = ? WHERE username = ?")
                .params(passwords.encode(newPassword), username).update();
        if (updated == 0) {
            throw noSuchUser(username);
        }
        events.publishEvent(new IdentityEvents.PasswordReset(actor, username));
    }

    @Transactional
    public UserAccount setRoles(String username, Set<Role> roles, String actor) {
        UserRules.checkRoles(roles);
        UserAccount user = find(username).orElseThrow(() -> noSuchUser(username));
        if (user.isAdmin() && !roles.contains(Role.ADMIN) && adminCount() == 1) {
            throw new VentanaException(ErrorKind.CONFLICT, "'" + username + "' is the last admin; make another admin first.");
        }
        jdbc.sql("DELETE FROM user_roles WHERE user_id = ?").param(user.id()).update();
        writeRoles(user.id(), roles);
        events.publishEvent(new IdentityEvents.RolesChanged(actor, username, roles));
        return find(username).orElseThrow();
    }

    /** For sign-in only: the account with its password hash. */
    Optional<StoredUser> stored(String username) {
        return jdbc.sql(SELECT_USERS + " WHERE u.username = ? GROUP BY u.id")
                .param(username).query(UserDirectory::mapRow).optional();
    }

    private long adminCount() {
        return jdbc.sql("SELECT count(*) FROM user_roles WHERE role = 'ADMIN'").query(Long.class).single();
    }

    private void writeRoles(long userId, Set<Role> roles) {
        for (Role role : roles) {
            jdbc.sql("INSERT INTO user_roles (user_id, role) VALUES (?, ?)").params(userId, role.name()).update();
        }
    }

    private static VentanaException noSuchUser(String username) {
        return new VentanaException(ErrorKind.NOT_FOUND, "No user named '" + username + "'.");
    }

    private static StoredUser mapRow(ResultSet rs, int row) throws SQLException {
        Array array = rs.getArray("roles");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) array.getArray()).map(Role::valueOf).forEach(roles::add);
        UserAccount account = new UserAccount(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                roles, rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant());
        return new StoredUser(account, rs.getString("password_hash"));
    }

    record StoredUser(UserAccount account, String passwordHash) {
        @Override
        public String toString() {
            return "StoredUser[" + account + "]";
        }
    }
}
