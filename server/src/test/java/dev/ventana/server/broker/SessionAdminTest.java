package dev.ventana.server.broker;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.TestPools;
import dev.ventana.server.hosts.FakeFarmHost;
import dev.ventana.server.identity.ApiTokens;
import dev.ventana.server.identity.UserAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/admin/sessions: the farm's sessions for admins, filtered and paged. */
class SessionAdminTest extends ServerTest {
    static final String TOKEN = "test-farm-token-0123456789";
    private final JsonMapper json = JsonMapper.builder().build();
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;

    final List<FakeFarmHost> hosts = new ArrayList<>();
    String suffix;
    String office;
    String cad;
    FakeFarmHost east;
    FakeFarmHost west;

    @BeforeEach
    void farm() throws IOException {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        office = pool("adms-office-" + suffix);
        cad = pool("adms-cad-" + suffix);
        east = host("adms-east-" + suffix);
        west = host("adms-west-" + suffix);
    }

    @AfterEach
    void retire() {
        for (FakeFarmHost host : hosts) {
            jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(host.name()).update();
            host.close();
        }
        jdbc.sql("UPDATE desktop_pools SET enabled = false, open_to_all_users = false WHERE name IN (?, ?)")
                .params(office, cad).update();
    }

    @Test
    void eachFilterNarrowsTheSessionsAndTheyComeNewestFirst() {
        // On east: ann's office and cad, bob's office (ann's office runs). On west: cid's office, bob's cad (failed).
        onlyOn(east);
        UUID annOffice = launch("adms-ann", office);
        launch("adms-ann", cad);
        launch("adms-bob", office);
        onlyOn(west);
        launch("adms-cid", office);
        launch("adms-bob", cad);
        east.run(guestOf(annOffice));
        east.beat();
        west.guests.replaceAll((id, g) -> g[1].equals("adms-bob") ? new String[] {"FAILED", g[1], g[2]} : g);
        west.beat();

        assertThat(users(search(""))).as("everything of this test").hasSize(5);
        assertThat(users(search("user=adms-ann"))).containsOnly("adms-ann").hasSize(2);
        assertThat(field(search("pool=" + office), "pool")).containsOnly(office).hasSize(3);
        assertThat(field(search("pool=" + office), "user")).containsExactly("adms-cid", "adms-bob", "adms-ann");
        assertThat(users(search("host=" + west.name()))).containsExactlyInAnyOrder("adms-cid", "adms-bob");
        assertThat(users(search("user=adms-bob&pool=" + cad))).containsExactly("adms-bob");
        JsonNode running = search("state=RUNNING&pool=" + office);
        assertThat(ids(running)).containsExactly(annOffice.toString());
        JsonNode item = running.get("items").get(0);
        assertThat(item.get("host").asString()).isEqualTo(east.name());
        assertThat(item.get("imageVersion").asString()).isEqualTo("v1");
        assertThat(item.get("startedAt").isNull()).isFalse();
        assertThat(item.get("endedAt").isNull()).isTrue();
        assertThat(item.get("dataDisk").asString()).isEqualTo("WRITABLE");
        JsonNode failed = search("state=failed&host=" + west.name());
        assertThat(users(failed)).containsExactly("adms-bob");
        assertThat(failed.get("items").get(0).get("failureReason").isNull()).isFalse();
        assertThat(failed.get("items").get(0).get("endedAt").isNull()).isFalse();
        assertThat(users(search("state=live&host=" + west.name()))).containsExactly("adms-cid");
        assertThat(users(search("user=adms-nobody"))).isEmpty();
    }

    @Test
    void pagesAreSlicesOfOneOrderAndTotalCountsAllOfThem() {
        onlyOn(east);
        for (int i = 1; i <= 5; i++) {
            launch("adms-pager" + i, office);
        }

        JsonNode first = search("pool=" + office + "&size=2");
        JsonNode second = search("pool=" + office + "&size=2&page=1");
        JsonNode last = search("pool=" + office + "&size=2&page=2");
        JsonNode beyond = search("pool=" + office + "&size=2&page=3");

        assertThat(first.get("total").asLong()).isEqualTo(5);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(users(first)).containsExactly("adms-pager5", "adms-pager4");
        assertThat(users(second)).containsExactly("adms-pager3", "adms-pager2");
        assertThat(users(last)).containsExactly("adms-pager1");
        assertThat(users(beyond)).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(5);
        List<Instant> created = new ArrayList<>();
        search("pool=" + office).get("items").forEach(i -> created.add(Instant.parse(i.get("createdAt").asString())));
        assertThat(created).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(search("pool=" + office).get("size").asInt()).as("the default page size").isEqualTo(50);
    }

    @Test
    void onlyAdminsMayListSessionsAndBadParametersAreBadRequests() {
        Http api = new Http(port);
        String admin = bearer(users.find("admin").orElseThrow());

        assertThat(api.get("/api/v1/admin/sessions", "Authorization", bearer(user("adms-plain"))).statusCode())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/sessions").statusCode()).isEqualTo(401);
        for (String bad : List.of("size=0", "size=501", "page=-1", "state=SLEEPING", "size=many")) {
            HttpResponse<String> answer = api.get("/api/v1/admin/sessions?" + bad, "Authorization", admin);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(answer.body()).as(bad).contains("\"error\":\"BAD_REQUEST\"");
        }
        assertThat(api.get("/api/v1/admin/sessions?size=500", "Authorization", admin).statusCode()).isEqualTo(200);
        assertThat(api.get("/v3/api-docs").body()).contains("/api/v1/admin/sessions");
    }

    private String pool(String name) {
        return TestPools.create(jdbc, name, "v1", 256);
    }

    private FakeFarmHost host(String name) throws IOException {
        FakeFarmHost host = new FakeFarmHost(name, 8000, port, TOKEN);
        hosts.add(host);
        assertThat(host.beat().statusCode()).isEqualTo(200);
        return host;
    }

    /** Placement then has only this host of the test to choose (other tests' hosts are drained). */
    private void onlyOn(FakeFarmHost host) {
        for (FakeFarmHost h : hosts) {
            jdbc.sql("UPDATE hosts SET draining = ? WHERE name = ?").params(h != host, h.name()).update();
        }
    }

    private UUID launch(String username, String pool) {
        HttpResponse<String> launched = new Http(port).postJson("/api/v1/desktops/" + pool + "/sessions", "",
                "Authorization", bearer(user(username)));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);
        return UUID.fromString(json.readTree(launched.body()).get("id").asString());
    }

    private String guestOf(UUID session) {
        return jdbc.sql("SELECT guest_id FROM sessions WHERE id = ?").param(session).query(String.class).single();
    }

    /** The sessions of this test's pools that the admin finds with the query. */
    private JsonNode search(String query) {
        String scoped = query.contains("pool=") ? query : query + (query.isEmpty() ? "" : "&") + "size=500";
        HttpResponse<String> answer = new Http(port).get("/api/v1/admin/sessions?" + scoped,
                "Authorization", bearer(users.find("admin").orElseThrow()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode page = json.readTree(answer.body());
        if (!query.contains("pool=")) {
            // The database is shared with other tests: keep this test's pools only.
            var mine = json.createArrayNode();
            page.get("items").forEach(i -> {
                if (i.get("pool").asString().endsWith(suffix)) {
                    mine.add(i);
                }
            });
            return json.createObjectNode().set("items", mine);
        }
        return page;
    }

    private static List<String> field(JsonNode page, String name) {
        List<String> values = new ArrayList<>();
        page.get("items").forEach(i -> values.add(i.get(name).asString()));
        return values;
    }

    private static List<String> users(JsonNode page) {
        return field(page, "user");
    }

    private static List<String> ids(JsonNode page) {
        return field(page, "id");
    }

    private UserAccount user(String username) {
        return userAccount(username, username, username + " password");
    }

    private String bearer(UserAccount user) {
        return "Bearer " + tokens.issue(user).token();
    }
}
