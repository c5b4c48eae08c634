package dev.ventana.server.identity;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Groups of users and their members. */
@Service
public class Groups {
    private static final String SELECT = """
            SELECT g.name, g.description,
                   coalesce(array_agg(u.username ORDER BY u.username) FILTER (WHERE u.id IS NOT NULL), '{}') AS members
              FROM groups g LEFT JOIN group_members m ON m.group_id = g.id LEFT JOIN users u ON u.id = m.user_id
            """;
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}";
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Groups(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public List<UserGroup> all() {
        return jdbc.sql(SELECT + " GROUP BY g.id ORDER BY g.name").query(Groups::map).list();
    }

    public Optional<UserGroup> find(String name) {
        return jdbc.sql(SELECT + " WHERE g.name = ? GROUP BY g.id").param(name).query(Groups::map).optional();
    }

    /** CONFLICT when the name is taken. */
    @Transactional
    public UserGroup create(String actor, String name, String description) {
        if (name == null || !name.matches(NAME)) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A group's name is 1 to 100 letters, digits, spaces, '.',"
                    + " '_' or '-', starting with a letter or digit.");
        }
        String about = description == null ? "" : description.strip();
        if (about.length() > 1000) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A group's description is at most 1000 characters.");
        }
        try {
            jdbc.sql("INSERT INTO groups (name, description) VALUES (?, ?)").params(name, about).update();
        } catch (DuplicateKeyException e) {
            throw new VentanaException(ErrorKind.CONFLICT, "A group named '" + name + "' exists already.");
        }
        events.publishEvent(new IdentityEvents.GroupCreated(actor, name));
        return find(name).orElseThrow();
    }

    /** Its entitlements go with it; its members' accounts stay. */
    @Transactional
    public void delete(String actor, String name) {
        if (jdbc.sql("DELETE FROM groups WHERE name = ?").param(name).update() == 0) {
            throw notFound(name);
        }
        events.publishEvent(new IdentityEvents.GroupDeleted(actor, name));
    }

    /**
     * Replaces the members; every username must exist, or nothing changes and the unknown ones
     * are named (BAD_REQUEST).
     */
    @Transactional
    public UserGroup setMembers(String actor, String name, Collection<String> usernames) {
        if (usernames == null) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "usernames is missing: send {\"usernames\":[...]}," +
                    " an empty list to empty the group.");
        }
        Long group = jdbc.sql("SELECT id FROM groups WHERE name = ? FOR UPDATE").param(name).query(Long.class)
                .optional().orElseThrow(() -> notFound(name));
        TreeSet<String> wanted = new TreeSet<>(usernames);
        List<String> known = jdbc.sql("SELECT username FROM users WHERE username = ANY (?)")
                .param(wanted.toArray(String[]::new)).query(String.class).list();
        TreeSet<String> unknown = new TreeSet<>(wanted);
        known.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "No such user: " + String.join(", ", unknown)
                    + ". Create the accounts first; the group was not changed.");
        }
        jdbc.sql("DELETE FROM group_members WHERE group_id = ?").param(group).update();
        jdbc.sql("""
                        INSERT INTO group_members (group_id, user_id)
                        SELECT ?, id FROM users WHERE username = ANY (?)""")
                .params(group, wanted.toArray(String[]::new)).update();
        events.publishEvent(new IdentityEvents.MembersSet(actor, name, List.copyOf(wanted)));
        return find(name).orElseThrow();
    }

    private static VentanaException notFound(String name) {
        return new VentanaException(ErrorKind.NOT_FOUND, "There is no group '" + name + "'.");
    }

    private static UserGroup map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new UserGroup(rs.getString("name"), rs.getString("description"),
                List.of((String[]) rs.getArray("members").getArray()));
    }
}
