package dev.ventana.server.identity;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * A sign-in refused before its password was looked at: too many recent failures for the name
 * or the address, or a locked name. Both doors show it as "try again in N seconds".
 * A {@link BadCredentialsException}, so anything that only knows "wrong credentials" still
 * refuses it.
 */
public final class SignInThrottled extends BadCredentialsException {
    private final long retryAfterSeconds;

    SignInThrottled(long retryAfterSeconds) {
        super("Too many attempts; try again in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds, at least 1: what Retry-After says. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
