package dev.ventana.server.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;

/**
 * Failed sign-ins per key (an account or a client address) over a sliding window. Memory is
 * bounded twice: at most {@code capacity} keys, the least recently failed evicted first, so a
 * flood of random usernames cannot grow it; and at most {@code limit} instants per key.
 * Not thread-safe on its own: {@link SignInThrottle} holds the lock.
 */
final class FailureWindow {
    private final int limit;
    private final Duration window;
    private final Map<String, ArrayDeque<Instant>> failures;

    FailureWindow(int limit, Duration window, int capacity) {
        if (limit < 1 || capacity < 1) {
            throw new IllegalArgumentException("limit and capacity must be at least 1");
        }
        this.limit = limit;
        this.window = window;
        this.failures = RecentlyUsed.atMost(capacity);
    }

    /** How long until another attempt is allowed, if {@code limit} failures fall in the window now. */
    Optional<Duration> retryAfter(String key, Instant now) {
        ArrayDeque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        expire(times, now);
        if (times.isEmpty()) {
            failures.remove(key);
            return Optional.empty();
        }
        if (times.size() < limit) {
            return Optional.empty();
        }
        // The oldest failure leaving the window frees one attempt.
        return Optional.of(Duration.between(now, times.peekFirst().plus(window)));
    }

    void failed(String key, Instant now) {
        ArrayDeque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        expire(times, now);
        if (times.size() == limit) {
            times.pollFirst();
        }
        times.addLast(now);
    }

    /** Takes back the newest failure counted for the key: the attempt it stood for succeeded. */
    void forgive(String key) {
        ArrayDeque<Instant> times = failures.get(key);
        if (times != null) {
            times.pollLast();
        }
    }

    int size() {
        return failures.size();
    }

    private void expire(ArrayDeque<Instant> times, Instant now) {
        Instant start = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
            times.pollFirst();
        }
    }
}
