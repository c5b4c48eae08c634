package dev.ventana.server.metrics;

import dev.ventana.server.gateway.RelayMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the gateway's relays see: {@code ventana_relay_bytes_total{direction}} and
 * {@code ventana_launch_seconds}, the wait from the launch request to the first frame on the
 * user's screen, which is what a user feels as "starting".
 */
@Component
class RelayMetrics implements RelayMeter {
    private final Counter toBrowser;
    private final Counter toHost;
    private final Timer launch;
    private final Clock clock;

    RelayMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.toBrowser = bytes(registry, "to_browser");
        this.toHost = bytes(registry, "to_host");
        // A histogram, not just count and sum, so that percentiles can be taken across servers.
        this.launch = Timer.builder("ventana.launch")
                .description("From the launch request to the first frame relayed to the session's first viewer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(500))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    private static Counter bytes(MeterRegistry registry, String direction) {
        return Counter.builder("ventana.relay.bytes")
                .description("Display protocol bytes relayed by the gateway")
                .tag("direction", direction)
                .register(registry);
    }

    @Override
    public void toBrowser(int bytes) {
        toBrowser.increment(bytes);
    }

    @Override
    public void toHost(int bytes) {
        toHost.increment(bytes);
    }

    @Override
    public void firstFrame(Instant launchedAt) {
        // launchedAt is the database's clock: a server clock a little behind must not make it negative.
        Duration waited = Duration.between(launchedAt, clock.instant());
        launch.record(waited.isNegative() ? Duration.ZERO : waited);
    }
}
