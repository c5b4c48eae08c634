package dev.ventana.server.broker;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An overcommit under 1.0 is refused at start-up, naming the property (Boot's failure analyzer
 * makes it one line). How placement counts memory is in FarmTest, against PostgreSQL.
 */
class PlacementTest {
    @Test
    void anOvercommitUnderOneIsRefused() {
        for (double wrong : new double[] {0.5, 0.0, -1.0, Double.NaN}) {
            assertThatThrownBy(() -> new Placement(null, null, null, 128, wrong))
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("ventana.hosts.memory-overcommit")
                    .hasMessageContaining("at least 1.0");
        }
    }
}
