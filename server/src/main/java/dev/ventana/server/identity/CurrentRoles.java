package dev.ventana.server.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A signed-in browser's rights as the database says now, on every request. Its session keeps the
 * authorities of the sign-in, so without this a removed ADMIN role or a disabled account would
 * last as long as the session (ventana.sign-in.lifetime, 12 h): a disabled or deleted account is
 * signed out, a removed role is dropped. A browser never gets more than it signed in with: a role
 * added comes with the next sign-in, so a kiosk's session, signed in as a user (DeviceSignIn),
 * never grows into an admin's when its account is promoted.
 * Bearer tokens are BearerAuthentication's, which reads the roles on every call already.
 */
final class CurrentRoles extends OncePerRequestFilter {
    private final UserDirectory users;

    CurrentRoles(UserDirectory users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.isAuthenticated() && !(signedIn instanceof AnonymousAuthenticationToken)
                && !(signedIn instanceof JwtAuthenticationToken)) {
            Optional<UserAccount> user = users.find(signedIn.getName()).filter(UserAccount::enabled);
            if (user.isEmpty()) {
                SecurityContextHolder.clearContext();
                endSession(request);
            } else {
                // Roles only: the sign-in's other authorities (the factor it used: FACTOR_PASSWORD) stay.
                List<GrantedAuthority> kept = signedIn.getAuthorities().stream()
                        .filter(a -> !String.valueOf(a.getAuthority()).startsWith("ROLE_")
                                || user.get().authorities().contains(a))
                        .map(GrantedAuthority.class::cast).toList();
                if (kept.size() < signedIn.getAuthorities().size()) {
                    SecurityContext narrowed = SecurityContextHolder.createEmptyContext();
                    narrowed.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(signedIn.getPrincipal(),
                            null, kept));
                    SecurityContextHolder.setContext(narrowed);
                    // An open console tab acts through its Vaadin session, where views were allowed
                    // once, at navigation: it must go. The sign-in cookie then signs the browser in
                    // again at its next request, with the roles it has now.
                    endSession(request);
                }
            }
        }
        chain.doFilter(request, response);
    }

    private static void endSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
