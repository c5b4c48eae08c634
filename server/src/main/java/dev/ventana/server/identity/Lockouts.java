package dev.ventana.server.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Consecutive failures per account and the lockout they lead to. Keyed by the name as typed,
 * whether or not such an account exists, so a lockout tells nothing about which accounts exist.
 * Bounded like {@link FailureWindow}; not thread-safe on its own.
 */
final class Lockouts {
    private final int maxFailures;
    private final Duration lockout;
    private final Map<String, State> accounts;

    private record State(int failures, Instant lockedUntil) {
    }

    Lockouts(int maxFailures, Duration lockout, int capacity) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.accounts = RecentlyUsed.atMost(capacity);
    }

    boolean enabled() {
        return maxFailures > 0 && lockout.isPositive();
    }

    Optional<Duration> retryAfter(String account, Instant now) {
        State state = accounts.get(account);
        if (state == null || state.lockedUntil() == null) {
            return Optional.empty();
        }
        if (!now.isBefore(state.lockedUntil())) {
            // Served its time: the next failure starts a fresh count.
            accounts.remove(account);
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, state.lockedUntil()));
    }

    void failed(String account, Instant now) {
        if (!enabled()) {
            return;
        }
        State before = accounts.get(account);
        int failures = (before == null ? 0 : before.failures()) + 1;
        accounts.put(account, new State(failures, failures >= maxFailures ? now.plus(lockout) : null));
    }

    void succeeded(String account) {
        accounts.remove(account);
    }

    int size() {
        return accounts.size();
    }
}
