package dev.ventana.server.broker;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default pool's timers as the properties give them (SessionPoliciesIT sees them applied). */
class DefaultPoolTest {

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
}
