package dev.ventana.server.identity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The password check of both doors, behind the throttle. A refused attempt never reaches the
 * password hash, so a flood costs the server no bcrypt. Behind the throttle sits Spring
 * Security's {@link DaoAuthenticationProvider}, which for an unknown name still compares the
 * password with a dummy hash: an unknown user and a wrong password take about as long.
 * Every failure goes to the audit trail with the name as typed and the client address.
 */
@Component
class GuardedSignIn implements AuthenticationProvider {
    private final DaoAuthenticationProvider passwords;
    private final SignInThrottle throttle;
    private final ApplicationEventPublisher events;

    GuardedSignIn(UserDetailsService users, PasswordEncoder encoder, SignInThrottle throttle,
                  ApplicationEventPublisher events) {
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
        this.events = events;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = attempt.getName();
        String address = address(attempt);
        Optional<SignInThrottle.Refusal> refusal = throttle.admit(username, address);
        if (refusal.isPresent()) {
            // Not counted as a failure: a waiting client that retries must not extend its own wait.
            events.publishEvent(new IdentityEvents.SignInFailed(username, refusal.get().reason(), address));
            throw new SignInThrottled(SignInThrottle.seconds(refusal.get().retryAfter()));
        }
        try {
            Authentication signedIn = passwords.authenticate(attempt);
            throttle.succeeded(username, address);
            return signedIn;
        } catch (AuthenticationException e) {
            throttle.failed(username);
            events.publishEvent(new IdentityEvents.SignInFailed(username, e.getClass().getSimpleName(), address));
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    // Both doors attach the request's details; its remote address honours X-Forwarded-For only
    // when server.forward-headers-strategy says a proxy is trusted.
    private static String address(Authentication attempt) {
        return attempt.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
                ? web.getRemoteAddress() : "unknown";
    }
}
