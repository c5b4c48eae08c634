package dev.ventana.server.broker;

import java.time.Duration;
import java.time.Instant;

/**
 * What the session policies do to one running session now: a pure decision, from the times the
 * database holds, so that it is tested without waiting.
 */
sealed interface PolicyStep {

    record Nothing() implements PolicyStep {
    }

    record LogOff(String audit, String reason) implements PolicyStep {
    }

    /** Show a countdown notice that ends at {@code deadline}. */
    record Warn(String notice, String audit, String text, Instant deadline) implements PolicyStep {
    }

    /** The user is back: take the idle warning down. */
    record Cancel(String notice, String audit) implements PolicyStep {
    }

    /** The times of one running session, and which warnings it shows. */
    record Facts(Instant now, Instant startedAt, Instant lastInputAt, Instant disconnectedAt, boolean idleWarned,
                 boolean maxLengthWarned) {
    }

    String IDLE = "idle";
    String MAX_LENGTH = "max-length";

    /** Disconnect first (nobody is there to warn), then maximum length, then idleness. */
    static PolicyStep decide(SessionPolicy policy, Facts f, Duration warning) {
        if (policy.disconnectTimeout() != null && f.disconnectedAt() != null
                && !f.now().isBefore(f.disconnectedAt().plus(policy.disconnectTimeout()))) {
            return new LogOff("session.disconnect_timeout",
                    "no viewer for " + minutes(policy.disconnectTimeout()) + " (disconnected timeout)");
        }
        if (policy.maxLength() != null) {
            Instant end = f.startedAt().plus(policy.maxLength());
            if (!f.now().isBefore(end)) {
                return new LogOff("session.max_length_reached", "the maximum session length of "
                        + minutes(policy.maxLength()) + " was reached");
            }
            if (!f.maxLengthWarned() && !f.now().isBefore(end.minus(warning))) {
                return new Warn(MAX_LENGTH, "session.max_length_warned", "This session reaches its maximum length of "
                        + minutes(policy.maxLength()) + " and will be logged off. Save your work.", end);
            }
        }
        if (policy.idleTimeout() != null) {
            Instant idleSince = f.lastInputAt() == null || f.lastInputAt().isBefore(f.startedAt()) ? f.startedAt() : f.lastInputAt();
            Instant end = idleSince.plus(policy.idleTimeout());
            if (!f.now().isBefore(end)) {
                return new LogOff("session.idle_timeout", "no keyboard or mouse input for "
                        + minutes(policy.idleTimeout()) + " (idle timeout)");
            }
            boolean due = !f.now().isBefore(end.minus(warning));
            if (due && !f.idleWarned()) {
                return new Warn(IDLE, "session.idle_warned", "You have not used this desktop for a while. It will be"
                        + " logged off unless you press a key or move the mouse.", end);
            }
            if (!due && f.idleWarned()) {
                return new Cancel(IDLE, "session.idle_cancelled");
            }
        }
        return new Nothing();
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
