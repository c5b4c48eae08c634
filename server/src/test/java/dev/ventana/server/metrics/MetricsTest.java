package dev.ventana.server.metrics;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.TestPools;
import dev.ventana.server.hosts.FakeFarmHost;
import dev.ventana.server.identity.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /actuator/prometheus: only with the farm token, and the farm's series as launches through FakeFarmHost leave them. */
class MetricsTest extends ServerTest {
    static final String TOKEN = "test-farm-token-0123456789";
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;

    String pool;
    FakeFarmHost host;

    @BeforeEach
    void farm() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        pool = TestPools.create(jdbc, "metrics-" + suffix, "v", 256);
        host = new FakeFarmHost("metrics-host-" + suffix, 1500, port, TOKEN);
        host.launchesJson = "{\"restored\":5,\"coldBoots\":2,\"fallbacks\":1}";
        assertThat(host.beat().statusCode()).isEqualTo(200);
    }

    @AfterEach
    void retire() {
        drain(true);
        host.close();
        jdbc.sql("UPDATE desktop_pools SET enabled = false, open_to_all_users = false WHERE name = ?").param(pool).update();
    }

    @Test
    void onlyTheFarmTokenMayScrape() {
        Http http = new Http(port);
        String admin = "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token();

        assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(http.get("/actuator/prometheus", "Authorization", "Bearer wrong-token").statusCode()).isEqualTo(401);
        assertThat(http.get("/actuator/prometheus", "Authorization", admin).statusCode())
                .as("an admin's API token is not the farm token").isEqualTo(401);
        HttpResponse<String> scraped = http.get("/actuator/prometheus", "Authorization", "Bearer " + TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    @Test
    void launchesSessionsHostsAndTheRelayAreInTheScrape() {
        assertThat(launch("metrics-user1").statusCode()).isEqualTo(200);
        drain(true);
        assertThat(launch("metrics-user2").statusCode()).as("no host has room").isEqualTo(503);
        drain(false);
        host.close();
        assertThat(launch("metrics-user3").statusCode()).as("the host is gone").isEqualTo(502);
        drain(true);

        String scrape = scrape();
        assertThat(value(scrape, "ventana_launches_total", "pool=\"" + pool + "\"", "outcome=\"placed\"")).hasValue(1);
        assertThat(value(scrape, "ventana_launches_total", "pool=\"" + pool + "\"", "outcome=\"no_capacity\"")).hasValue(1);
        assertThat(value(scrape, "ventana_launches_total", "pool=\"" + pool + "\"", "outcome=\"failed\"")).hasValue(1);
        for (String direction : new String[] {"to_browser", "to_host"}) {
            assertThat(value(scrape, "ventana_relay_bytes_total", "direction=\"" + direction + "\"")).isPresent();
        }
        assertThat(value(scrape, "ventana_launch_seconds_count")).isPresent();
        assertThat(scrape).contains("ventana_launch_seconds_bucket{", "ventana_launch_seconds_sum");

        // The gauges follow the database within a few seconds (ventana.metrics.farm-refresh).
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String later = scrape();
            assertThat(value(later, "ventana_sessions", "pool=\"" + pool + "\"", "state=\"STARTING\"")).hasValue(1);
            assertThat(value(later, "ventana_sessions", "pool=\"" + pool + "\"", "state=\"RUNNING\"")).hasValue(0);
            assertThat(value(later, "ventana_sessions", "pool=\"" + pool + "\"", "state=\"PLACING\"")).hasValue(0);
            assertThat(value(later, "ventana_sessions", "pool=\"" + pool + "\"", "state=\"FAILED\""))
                    .as("final states are not live").isEmpty();
            assertThat(value(later, "ventana_hosts", "state=\"DRAINING\"").orElse(0)).isGreaterThanOrEqualTo(1);
            for (String state : new String[] {"UP", "FENCING", "DOWN"}) {
                assertThat(value(later, "ventana_hosts", "state=\"" + state + "\"")).isPresent();
            }
            assertThat(value(later, "ventana_host_memory_free_mib", "host=\"" + host.name() + "\"")).hasValue(1500);
            String of = "host=\"" + host.name() + "\"";
            assertThat(value(later, "ventana_host_launches", of, "kind=\"restored\"")).hasValue(5);
            assertThat(value(later, "ventana_host_launches", of, "kind=\"cold_boot\"")).hasValue(2);
            assertThat(value(later, "ventana_host_launches", of, "kind=\"fallback\"")).hasValue(1);
        });
    }

    private HttpResponse<String> launch(String username) {
        String bearer = "Bearer " + tokens.issue(userAccount(username, username, username + " password")).token();
        return new Http(port).postJson("/api/v1/desktops/" + pool + "/sessions", "", "Authorization", bearer);
    }

    private void drain(boolean draining) {
        jdbc.sql("UPDATE hosts SET draining = ? WHERE name = ?").params(draining, host.name()).update();
    }

    private String scrape() {
        HttpResponse<String> scraped = new Http(port).get("/actuator/prometheus", "Authorization", "Bearer " + TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        return scraped.body();
    }

    /** The value of the one series of {@code name} that has all the labels, if there is one. */
    private static OptionalDouble value(String scrape, String name, String... labels) {
        return scrape.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new AssertionError("several series of " + name + " match " + Arrays.toString(labels));
                });
    }
}
