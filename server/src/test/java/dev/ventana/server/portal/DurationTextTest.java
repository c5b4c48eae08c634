package dev.ventana.server.portal;

import dev.ventana.server.errors.VentanaException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationTextTest {
    @Test
    void readsTheUnitsOfTheServersOwnSettingsAndABareNumberAsMinutes() {
        assertThat(DurationText.parse("Idle", "45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationText.parse("Idle", " 30 M ")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationText.parse("Idle", "8h")).isEqualTo(Duration.ofHours(8));
        assertThat(DurationText.parse("Idle", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationText.parse("Idle", "90")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void emptyIsOff() {
        assertThat(DurationText.parse("Idle", "")).isNull();
        assertThat(DurationText.parse("Idle", "  ")).isNull();
        assertThat(DurationText.parse("Idle", null)).isNull();
        assertThat(DurationText.format(null)).isEmpty();
    }

    @Test
    void anythingElseIsRefusedNamingTheField() {
        for (String bad : new String[] {"0", "0m", "-5m", "1.5h", "10 minutes", "1w", "1234567890s"}) {
            assertThatThrownBy(() -> DurationText.parse("Maximum session length", bad)).as(bad)
                    .isInstanceOf(VentanaException.class)
                    .hasMessageStartingWith("Maximum session length: write a length such as 45s");
        }
    }

    @Test
    void showsTheLargestExactUnitSoThatItReadsBackTheSame() {
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationText.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(DurationText.format(Duration.ofDays(2))).isEqualTo("2d");
        for (Duration d : new Duration[] {Duration.ofSeconds(10), Duration.ofSeconds(3601), Duration.ofHours(36)}) {
            assertThat(DurationText.parse("x", DurationText.format(d))).isEqualTo(d);
        }
    }
}
