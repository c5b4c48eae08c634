package dev.ventana.server.identity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Successful password sign-ins, by form or by the token endpoint, as identity events for the
 * audit trail. Failures are published by {@link GuardedSignIn}, which knows the client address
 * and also sees the attempts refused before any password check.
 */
@Component
class SignInEvents {
    private final ApplicationEventPublisher events;

    SignInEvents(ApplicationEventPublisher events) {
        this.events = events;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        // Bearer-token requests authenticate too, on every call: only password sign-ins count.
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken) {
            events.publishEvent(new IdentityEvents.SignedIn(event.getAuthentication().getName()));
        }
    }
}
