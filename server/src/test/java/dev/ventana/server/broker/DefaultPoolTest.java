package dev.ventana.server.broker;

import dev.ventana.server.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default pool's timers as the properties give them (SessionPoliciesIT sees them applied). */
class DefaultPoolTest extends ServerTest {
    @Autowired
    Pools pools;

    @Test
    void emptyOrZeroIsOff() {
        assertThat(DefaultPool.timer("idle-timeout", null)).isNull();
        assertThat(DefaultPool.timer("idle-timeout", Duration.ZERO)).isNull();
        assertThat(SessionPolicy.seconds(DefaultPool.timer("idle-timeout", Duration.ZERO))).isNull();
    }

    @Test
    void aTimerIsKeptInWholeSeconds() {
        assertThat(SessionPolicy.seconds(DefaultPool.timer("max-session-length", Duration.ofHours(8)))).isEqualTo(28_800);
        assertThat(SessionPolicy.seconds(DefaultPool.timer("disconnect-timeout", Duration.ofSeconds(1)))).isEqualTo(1);
    }

    @Test
    void whatCannotBeStoredIsRefusedByName() {
        assertThatThrownBy(() -> DefaultPool.timer("idle-timeout", Duration.ofMillis(500)))
                .hasMessageContaining("ventana.default-pool.idle-timeout");
        assertThatThrownBy(() -> DefaultPool.timer("disconnect-timeout", Duration.ofMinutes(-5)))
                .hasMessageContaining("ventana.default-pool.disconnect-timeout");
    }

    /** The default pool is made by whichever comes first, a host's images or the start: both keep its policies. */
    @Test
    void aPoolIsMadeOnceWithThePoliciesOfWhoeverMadeIt() {
        SessionPolicy first = new SessionPolicy(Duration.ofSeconds(10), null, Duration.ofHours(8));
        assertThat(pools.ensure("made-once", "Made", "default-pool-test", 256, false, first)).isTrue();
        assertThat(pools.ensure("made-once", "Made", "default-pool-test", 256, false, new SessionPolicy(null, null, null))).isFalse();
        assertThat(pools.get("made-once").settings().policy()).isEqualTo(first);
    }
}
