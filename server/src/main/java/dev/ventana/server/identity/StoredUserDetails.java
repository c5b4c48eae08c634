package dev.ventana.server.identity;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Lets Spring Security's form login and the token endpoint check passwords against PostgreSQL. */
@Component
class StoredUserDetails implements UserDetailsService {
    private final UserDirectory users;

    StoredUserDetails(UserDirectory users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserDirectory.StoredUser stored = users.stored(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        UserAccount account = stored.account();
        return User.withUsername(account.username())
                .password(stored.passwordHash())
                .disabled(!account.enabled())
                .authorities(account.authorities())
                .build();
    }
}
