package dev.ventana.server.identity;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides, before any password is checked, whether a sign-in may be tried now; and learns from
 * each outcome. Both doors (the form and the token endpoint) go through it, by way of
 * {@link GuardedSignIn}. Time comes from the injected clock, so tests move it instead of sleeping.
 */
@Component
class SignInThrottle {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final Clock clock;
    private final FailureWindow perAccount;
    private final FailureWindow perAddress;
    private final Lockouts lockouts;

    SignInThrottle(SignInLimits limits, Clock clock) {
        this.clock = clock;
        this.perAccount = new FailureWindow(limits.perAccountPerMinute(), MINUTE, limits.capacity());
        this.perAddress = new FailureWindow(limits.perAddressPerMinute(), MINUTE, limits.capacity());
        this.lockouts = new Lockouts(limits.maxFailures(), limits.lockout(), limits.capacity());
    }

    /**
     * Why and how long the caller must wait, if at all: the longest of the limits it is over.
     * An admitted attempt is counted as a failure at once and forgiven if it succeeds: a burst
     * of parallel attempts cannot all slip through while their passwords are being checked.
     */
    synchronized Optional<Refusal> admit(String username, String address) {
        Instant now = clock.instant();
        String account = account(username);
        Optional<Refusal> refusal = refusal(account, address, now);
        if (refusal.isEmpty()) {
            perAccount.failed(account, now);
            perAddress.failed(address, now);
        }
        return refusal;
    }

    private Optional<Refusal> refusal(String account, String address, Instant now) {
        Optional<Refusal> locked = lockouts.retryAfter(account, now).map(w -> new Refusal("locked", w));
        Optional<Refusal> limited = Stream.of(perAccount.retryAfter(account, now), perAddress.retryAfter(address, now))
                .flatMap(Optional::stream).max(Duration::compareTo).map(w -> new Refusal("rate_limited", w));
        return Stream.of(locked, limited).flatMap(Optional::stream)
                .max((a, b) -> a.retryAfter().compareTo(b.retryAfter()));
    }

    /** {@code reason} is for the audit trail only; the caller is told just how long to wait. */
    record Refusal(String reason, Duration retryAfter) {
    }

    /** The admitted attempt failed: it stays counted, and the name is a step nearer its lockout. */
    synchronized void failed(String username) {
        lockouts.failed(account(username), clock.instant());
    }

    synchronized void succeeded(String username, String address) {
        String account = account(username);
        perAccount.forgive(account);
        perAddress.forgive(address);
        lockouts.succeeded(account);
    }

    /** Keys held now, for the test that floods random names. */
    synchronized int remembered() {
        return Math.max(perAccount.size(), Math.max(perAddress.size(), lockouts.size()));
    }

    // "Alice " and "alice" are one account to an attacker guessing passwords; usernames are
    // stored as typed, but the limit must not be dodged by changing case or adding spaces.
    static String account(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    /** Whole seconds, rounded up, for Retry-After and the sign-in page: never 0 while refused. */
    static long seconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.minusSeconds(wait.toSeconds()).isZero() ? 0 : 1);
        return Math.max(1, seconds);
    }
}
