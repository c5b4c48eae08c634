package dev.ventana.server.broker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The session policies' decisions, from the times alone. */
class PolicyStepTest {
    private static final Instant START = Instant.parse("2026-11-28T09:00:00Z");
    private static final Duration WARNING = Duration.ofSeconds(60);
    private static final SessionPolicy IDLE_30 = new SessionPolicy(Duration.ofMinutes(60), Duration.ofMinutes(30), null);

    @Test
    void anIdleSessionIsWarnedAMinuteBeforeAndLoggedOffAtTheEnd() {
        Instant lastInput = START.plusSeconds(60);

        assertThat(decide(IDLE_30, at(29 * 60), lastInput, null, false)).isInstanceOf(PolicyStep.Nothing.class);
        assertThat(decide(IDLE_30, at(30 * 60), lastInput, null, false)).isInstanceOfSatisfying(PolicyStep.Warn.class,
                w -> assertThat(w.deadline()).isEqualTo(lastInput.plus(Duration.ofMinutes(30))));
        assertThat(decide(IDLE_30, at(30 * 60 + 30), lastInput, null, true)).isInstanceOf(PolicyStep.Nothing.class);
        assertThat(decide(IDLE_30, at(31 * 60), lastInput, null, true)).isInstanceOfSatisfying(PolicyStep.LogOff.class,
                o -> assertThat(o.audit()).isEqualTo("session.idle_timeout"));
    }

    @Test
    void inputAfterTheWarningCancelsIt() {
        Instant freshInput = at(30 * 60 + 20);

        assertThat(decide(IDLE_30, at(30 * 60 + 25), freshInput, null, true)).isInstanceOfSatisfying(PolicyStep.Cancel.class,
                c -> assertThat(c.notice()).isEqualTo(PolicyStep.IDLE));
    }

    @Test
    void withoutInputEverTheIdleTimeCountsFromTheStart() {
        assertThat(decide(IDLE_30, at(30 * 60), null, null, true)).isInstanceOf(PolicyStep.LogOff.class);
    }

    @Test
    void aSessionWithoutViewerIsLoggedOffAfterTheDisconnectTimeoutFirst() {
        SessionPolicy policy = new SessionPolicy(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(8));

        assertThat(decide(policy, at(9 * 60), at(0), at(0), false)).isInstanceOf(PolicyStep.LogOff.class);
        assertThat(((PolicyStep.LogOff) decide(policy, at(10 * 60), at(9 * 60), at(0), false)).audit())
                .isEqualTo("session.disconnect_timeout");
        assertThat(decide(policy, at(9 * 60 + 59), at(9 * 60), at(0), false)).isInstanceOfSatisfying(PolicyStep.LogOff.class,
                o -> assertThat(o.audit()).isEqualTo("session.max_length_reached"));
    }

    @Test
    void theMaximumLengthWarnsOnceThenEnds() {
        SessionPolicy policy = new SessionPolicy(null, null, Duration.ofHours(8));
        Instant now = START.plus(Duration.ofHours(8)).minusSeconds(30);

        assertThat(decide(policy, now, now, null, false)).isInstanceOfSatisfying(PolicyStep.Warn.class,
                w -> assertThat(w.notice()).isEqualTo(PolicyStep.MAX_LENGTH));
        assertThat(PolicyStep.decide(policy, new PolicyStep.Facts(now, START, now, null, false, true), WARNING))
                .isInstanceOf(PolicyStep.Nothing.class);
        assertThat(decide(policy, START.plus(Duration.ofHours(8)), now, null, false)).isInstanceOf(PolicyStep.LogOff.class);
    }

    @Test
    void policiesThatAreOffDoNothing() {
        assertThat(decide(new SessionPolicy(null, null, null), at(99_999), null, at(0), false))
                .isInstanceOf(PolicyStep.Nothing.class);
    }

    private static PolicyStep decide(SessionPolicy policy, Instant now, Instant lastInput, Instant disconnected,
                                     boolean idleWarned) {
        return PolicyStep.decide(policy, new PolicyStep.Facts(now, START, lastInput, disconnected, idleWarned, false), WARNING);
    }

    private static Instant at(long seconds) {
        return START.plusSeconds(seconds);
    }
}
