package dev.ventana.server.identity;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A person or device that signs in. Carries no password hash: that never leaves this package. */
public record UserAccount(long id, String username, String displayName, Set<Role> roles, boolean enabled,
                          Instant createdAt) {
    public UserAccount {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** The roles as Spring Security authorities, for every way of signing in. */
    List<GrantedAuthority> authorities() {
        return roles.stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority())).toList();
    }
}
