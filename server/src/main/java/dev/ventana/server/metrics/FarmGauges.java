package dev.ventana.server.metrics;

import dev.ventana.server.broker.LiveSessionCounts;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The farm as PostgreSQL has it: {@code ventana_sessions{state,pool}}, {@code ventana_hosts{state}},
 * {@code ventana_host_memory_free_mib{host}} and {@code ventana_host_launches{host,kind}}. Refreshed by two small queries every few seconds,
 * whatever the number of sessions or scrapes, so a scrape itself never touches the database.
 * Every server of a farm reports the same farm-wide numbers: aggregate them with max, not sum.
 */
@Component
class FarmGauges {
    private static final List<String> HOST_STATES = List.of("UP", "DRAINING", "FENCING", "DOWN");
    private final LiveSessionCounts sessions;
    private final HostDirectory hosts;
    private final MultiGauge sessionGauge;
    private final MultiGauge hostGauge;
    private final MultiGauge memoryGauge;
    private final MultiGauge launchGauge;

    FarmGauges(LiveSessionCounts sessions, HostDirectory hosts, MeterRegistry registry) {
        this.sessions = sessions;
        this.hosts = hosts;
        this.sessionGauge = MultiGauge.builder("ventana.sessions")
                .description("Live sessions by state and pool").register(registry);
        this.hostGauge = MultiGauge.builder("ventana.hosts")
                .description("Session hosts by state; DRAINING is an up host that takes no new sessions").register(registry);
        this.memoryGauge = MultiGauge.builder("ventana.host.memory.free.mib")
                .description("Free memory each session host reported last, in MiB; hosts that are DOWN are left out")
                .register(registry);
        // A gauge, not a counter: the host counts, and its counts start again at 0 when it restarts.
        this.launchGauge = MultiGauge.builder("ventana.host.launches")
                .description("Launches each session host reported since its process started: restored from a warm"
                        + " template, cold_boot, or fallback (a template failed and the guest was cold-booted instead);"
                        + " hosts that are DOWN or do not count them are left out")
                .register(registry);
    }

    @Scheduled(fixedDelayString = "${ventana.metrics.farm-refresh:5s}")
    void refresh() {
        sessionGauge.register(sessions.byPoolAndState().stream()
                .map(c -> MultiGauge.Row.of(Tags.of("state", c.state().name(), "pool", c.pool()), c.sessions()))
                .toList(), true);
        List<Host> farm = hosts.all();
        Map<String, Long> byState = farm.stream().collect(Collectors.groupingBy(Host::shownState, Collectors.counting()));
        hostGauge.register(HOST_STATES.stream()
                .map(s -> MultiGauge.Row.of(Tags.of("state", s), byState.getOrDefault(s, 0L)))
                .toList(), true);
        memoryGauge.register(farm.stream()
                .filter(h -> h.state() != Host.HostState.DOWN)
                .map(h -> MultiGauge.Row.of(Tags.of("host", h.name()), h.memoryFreeMib()))
                .toList(), true);
        launchGauge.register(farm.stream()
                .filter(h -> h.state() != Host.HostState.DOWN && h.launches() != null)
                .flatMap(h -> Stream.of(
                        MultiGauge.Row.of(Tags.of("host", h.name(), "kind", "restored"), h.launches().restored()),
                        MultiGauge.Row.of(Tags.of("host", h.name(), "kind", "cold_boot"), h.launches().coldBoots()),
                        MultiGauge.Row.of(Tags.of("host", h.name(), "kind", "fallback"), h.launches().fallbacks())))
                .toList(), true);
    }
}
