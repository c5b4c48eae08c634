package dev.ventana.server.identity;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {
    private final MovableClock clock = new MovableClock();

    private SignInThrottle throttle(int perAccount, int perAddress, int maxFailures, Duration lockout, int capacity) {
        return new SignInThrottle(new SignInLimits(perAccount, perAddress, maxFailures, lockout, capacity), clock);
    }

    @Test
    void perAccountLimitOverASlidingMinuteWithRetryAfterUntilTheOldestFailureLeaves() {
        SignInThrottle throttle = throttle(3, 100, 0, Duration.ZERO, 100);
        fail(throttle, "alice", "10.0.0.1");
        clock.advance(Duration.ofSeconds(10));
        fail(throttle, "alice", "10.0.0.2");
        fail(throttle, "alice", "10.0.0.3");
        assertThat(throttle.admit("alice", "10.0.0.9")).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo("rate_limited");
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        });
        // Another name is not held back by alice's failures.
        assertThat(throttle.admit("bob", "10.0.0.9")).isEmpty();

        clock.advance(Duration.ofSeconds(50));
        // The first failure has left the window: one more attempt is allowed, not three.
        fail(throttle, "alice", "10.0.0.1");
        assertThat(throttle.admit("alice", "10.0.0.9")).hasValueSatisfying(r ->
                assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(10)));
    }

    @Test
    void attemptsInFlightCountBeforeTheirPasswordsAreChecked() {
        SignInThrottle throttle = throttle(3, 100, 0, Duration.ZERO, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.admit("alice", "10.0.0.1")).isEmpty();
        }
        assertThat(throttle.admit("alice", "10.0.0.1")).isPresent();
        // One of the three was right: it is forgiven, and one more may be tried.
        throttle.succeeded("alice", "10.0.0.1");
        assertThat(throttle.admit("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void theAccountIsTheNameAsTypedIgnoringCaseAndSpaces() {
        SignInThrottle throttle = throttle(2, 100, 0, Duration.ZERO, 100);
        fail(throttle, "Alice", "10.0.0.1");
        fail(throttle, " alice ", "10.0.0.1");
        assertThat(throttle.admit("ALICE", "10.0.0.2")).isPresent();
    }

    @Test
    void perAddressLimitHoldsBackEveryNameFromThatAddress() {
        SignInThrottle throttle = throttle(100, 3, 0, Duration.ZERO, 100);
        fail(throttle, "a", "10.0.0.1");
        fail(throttle, "b", "10.0.0.1");
        fail(throttle, "c", "10.0.0.1");
        assertThat(throttle.admit("d", "10.0.0.1")).hasValueSatisfying(r ->
                assertThat(r.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
        assertThat(throttle.admit("d", "10.0.0.2")).isEmpty();
    }

    @Test
    void consecutiveFailuresLockTheNameForTheLockoutPeriod() {
        SignInThrottle throttle = throttle(100, 100, 3, Duration.ofMinutes(15), 100);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(5));
            fail(throttle, "alice", "10.0.0." + i);
        }
        assertThat(throttle.admit("alice", "10.0.0.9")).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo("locked");
            assertThat(r.retryAfter()).isEqualTo(Duration.ofMinutes(15));
        });
        clock.advance(Duration.ofMinutes(15));
        // Served: the count starts again from nothing.
        fail(throttle, "alice", "10.0.0.1");
        assertThat(throttle.admit("alice", "10.0.0.9")).isEmpty();
    }

    @Test
    void aSuccessResetsTheConsecutiveCount() {
        SignInThrottle throttle = throttle(100, 100, 3, Duration.ofMinutes(15), 100);
        fail(throttle, "alice", "10.0.0.1");
        fail(throttle, "alice", "10.0.0.1");
        assertThat(throttle.admit("Alice", "10.0.0.1")).isEmpty();
        throttle.succeeded("Alice", "10.0.0.1");
        fail(throttle, "alice", "10.0.0.1");
        fail(throttle, "alice", "10.0.0.1");
        assertThat(throttle.admit("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void aFloodOfRandomNamesKeepsMemoryBounded() {
        SignInThrottle throttle = throttle(5, 1_000_000, 10, Duration.ofMinutes(15), 1000);
        for (int i = 0; i < 100_000; i++) {
            fail(throttle, "user-" + i, "10.0." + (i / 250 % 256) + "." + (i % 250));
        }
        assertThat(throttle.remembered()).isEqualTo(1000);
    }

    private static void fail(SignInThrottle throttle, String username, String address) {
        assertThat(throttle.admit(username, address)).as("admitted").isEmpty();
        throttle.failed(username);
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertThat(SignInThrottle.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(SignInThrottle.seconds(Duration.ofMillis(59_001))).isEqualTo(60);
        assertThat(SignInThrottle.seconds(Duration.ofSeconds(60))).isEqualTo(60);
        assertThat(SignInThrottle.seconds(Duration.ZERO)).isEqualTo(1);
    }

    /** Time that moves only when the test says so. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
