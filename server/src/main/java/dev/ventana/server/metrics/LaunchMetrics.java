package dev.ventana.server.metrics;

import dev.ventana.server.broker.BrokerEvents;
import dev.ventana.server.broker.LaunchFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** {@code ventana_launches_total{pool,outcome}}: every launch that needed a new session, by how it went. */
@Component
class LaunchMetrics {
    private final MeterRegistry registry;

    LaunchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void on(BrokerEvents.SessionLaunched launched) {
        count(launched.pool(), "placed");
    }

    @EventListener
    void on(LaunchFailed failed) {
        count(failed.pool(), failed.noCapacity() ? "no_capacity" : "failed");
    }

    private void count(String pool, String outcome) {
        // The registry keeps one counter per name and tags: registering again finds it.
        Counter.builder("ventana.launches")
                .description("Launches that needed a new session: placed, no_capacity (no host had room) or failed (the host could not start it)")
                .tag("pool", pool).tag("outcome", outcome)
                .register(registry).increment();
    }
}
