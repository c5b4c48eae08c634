package dev.ventana.server.identity;

import java.util.Set;

public record NewUser(String username, String displayName, String password, Set<Role> roles) {
    public NewUser {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    @Override
    public String toString() {
        // Records print every component; a password must never reach a log line.
        return "NewUser[username=" + username + ", displayName=" + displayName + ", roles=" + roles + "]";
    }
}
