package dev.ventana.server.broker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;

/** Who a pool is given to: one user or one group, by name; exactly one of the two is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Entitlement(String user, String group) {

    public Entitlement {
        if ((user == null) == (group == null)) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "An entitlement names either a user ({\"user\":\"ana\"})"
                    + " or a group ({\"group\":\"finance\"}), not both and not neither.");
        }
    }

    public static Entitlement ofUser(String user) {
        return new Entitlement(user, null);
    }

    public static Entitlement ofGroup(String group) {
        return new Entitlement(null, group);
    }

    /** "user:ana" or "group:finance", for the audit trail. */
    public String subject() {
        return user != null ? "user:" + user : "group:" + group;
    }
}
