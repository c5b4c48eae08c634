package dev.ventana.server.images;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing, rolling back and rolling out image versions, the images listing and deleting a
 * version, against a fake host whose heartbeats report a version and its layer.
 */
class ImageVersionsTest extends ServerTest {
    private static final String TOKEN = "test-farm-token-0123456789";
    private final JsonMapper json = JsonMapper.builder().build();
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;

    FakeFarmHost host;
    String s;
    String image;
    String v1;
    String v2;
    String pool;
    Http api;
    String admin;

    @BeforeEach
    void farm() throws IOException {
        s = UUID.randomUUID().toString().substring(0, 8);
        image = "iv-" + s;
        v1 = s + "00000001";
        v2 = s + "00000002";
        pool = "iv-pool-" + s;
        api = new Http(port);
        admin = "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token();
        jdbc.sql("UPDATE hosts SET draining = true").update();
        host = new FakeFarmHost("iv-host-" + s, 8000, port, TOKEN);
        host.imagesJson = "[" + version(v1, null, "First") + "]";
        assertThat(host.beat().statusCode()).isEqualTo(200);
        assertThat(api.postJson("/api/v1/admin/pools", "{\"name\":\"" + pool + "\",\"image\":\"" + image
                + "\",\"openToAllUsers\":true}", "Authorization", admin).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void retire() {
        jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(host.name()).update();
        jdbc.sql("UPDATE desktop_pools SET enabled = false WHERE name = ?").param(pool).update();
        host.close();
    }

    @Test
    void publishingSwitchesNewSessionsRunningOnesKeepTheirsAndAreToldAndRollbackGoesBack() {
        UUID before = launch("iv-ann-" + s);
        assertThat(session(before).get("imageVersion").asString()).isEqualTo(v1);
        newVersion();

        JsonNode published = ok(api.putJson("/api/v1/admin/pools/" + pool + "/version", "{\"version\":\"" + v2 + "\"}",
                "Authorization", admin));
        assertThat(published.get("from").asString()).isEqualTo(v1);
        assertThat(published.get("rollback").asBoolean()).isFalse();
        assertThat(published.get("sessionsTold").asInt()).isEqualTo(1);
        assertThat(showing(before)).containsExactly("IMAGE_UPDATE");
        assertThat(session(before).get("imageVersion").asString()).as("running sessions keep theirs").isEqualTo(v1);
        UUID after = launch("iv-bob-" + s);
        assertThat(session(after).get("imageVersion").asString()).isEqualTo(v2);
        assertThat(showing(after)).isEmpty();

        JsonNode back = ok(api.putJson("/api/v1/admin/pools/" + pool + "/version", "{\"version\":\"" + v1 + "\"}",
                "Authorization", admin));
        assertThat(back.get("rollback").asBoolean()).isTrue();
        assertThat(showing(before)).as("back on the published version: nothing to tell").isEmpty();
        assertThat(showing(after)).containsExactly("IMAGE_UPDATE");
        assertThat(audit("pool.published")).contains(pool);
        assertThat(audit("pool.rolled_back")).contains(pool);

        for (String bad : List.of("{\"version\":\"ffffffffffffffff\"}", "{}", "{\"version\":\"../x\"}")) {
            assertThat(api.putJson("/api/v1/admin/pools/" + pool + "/version", bad, "Authorization", admin).statusCode())
                    .as(bad).isEqualTo(400);
        }
        assertThat(api.putJson("/api/v1/admin/pools/none-" + s + "/version", "{\"version\":\"" + v1 + "\"}",
                "Authorization", admin).statusCode()).isEqualTo(404);
        assertThat(api.putJson("/api/v1/admin/pools/" + pool + "/version", "{\"version\":\"" + v1 + "\"}",
                "Authorization", bearer("iv-cid-" + s)).statusCode()).isEqualTo(403);
    }

    @Test
    void aRolloutCountsDownInTheViewersAndLogsOffTheSessionsOnOlderVersions() throws Exception {
        UUID old = launch("iv-dan-" + s);
        newVersion();
        ok(api.putJson("/api/v1/admin/pools/" + pool + "/version", "{\"version\":\"" + v2 + "\"}", "Authorization", admin));
        UUID current = launch("iv-eve-" + s);
        for (String guest : host.guests.keySet()) {
            host.run(guest);
        }
        host.beat();

        assertThat(api.postJson("/api/v1/admin/pools/" + pool + "/rollout", "{\"graceMinutes\":-1}",
                "Authorization", admin).statusCode()).isEqualTo(400);
        JsonNode rollout = ok(api.postJson("/api/v1/admin/pools/" + pool + "/rollout",
                "{\"graceMinutes\":0,\"message\":\"Version 2 brings the new editor.\"}", "Authorization", admin));
        assertThat(rollout.get("sessions").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT body FROM session_notices WHERE session_id = ? AND kind = 'ROLLOUT'").param(old)
                .query(String.class).single()).startsWith("Version 2 brings the new editor.");
        assertThat(showing(current)).isEmpty();

        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (!List.of("STOPPING", "STOPPED").contains(session(old).get("state").asString())
                && Instant.now().isBefore(until)) {
            Thread.sleep(200);
        }
        assertThat(session(old).get("state").asString()).as("logged off when the grace ended").isIn("STOPPING", "STOPPED");
        assertThat(session(current).get("state").asString()).isEqualTo("RUNNING");
        assertThat(audit("pool.rolled_out")).contains(pool);
    }

    @Test
    void theListingShowsWhereAVersionIsAndWhoUsesItAndOnlyAnUnusedOneIsDeleted() {
        newVersion();
        JsonNode versions = versions();
        assertThat(versions).hasSize(2);
        JsonNode layer = versions.get(0);
        assertThat(layer.get("version").asString()).as("newest first").isEqualTo(v2);
        assertThat(layer.get("parent").asString()).isEqualTo(v1);
        assertThat(layer.get("title").asString()).isEqualTo("Second");
        assertThat(layer.get("source").asString()).isEqualTo("maintenance");
        assertThat(layer.get("createdBy").asString()).isEqualTo("admin");
        assertThat(layer.get("sizeBytes").asLong()).isEqualTo(1000);
        assertThat(layer.get("verified").asBoolean()).isTrue();
        assertThat(layer.get("hosts").get(0).asString()).isEqualTo(host.name());
        assertThat(versions.get(1).get("pools").get(0).asString()).isEqualTo(pool);
        UUID running = launch("iv-fay-" + s);
        assertThat(versions().get(1).get("liveSessions").asLong()).isEqualTo(1);

        HttpResponse<String> published = delete(v1);
        assertThat(published.statusCode()).isEqualTo(409);
        assertThat(published.body()).contains("published by [" + pool + "]");
        ok(api.putJson("/api/v1/admin/pools/" + pool + "/version", "{\"version\":\"" + v2 + "\"}", "Authorization", admin));
        assertThat(delete(v1).body()).as("still running, and the parent of v2").contains("live session");
        jdbc.sql("UPDATE sessions SET state = 'STOPPED', ended_at = now() WHERE id = ?").param(running).update();
        assertThat(delete(v1).body()).contains("parent of [" + v2 + "]");
        assertThat(delete(v2).statusCode()).as("published").isEqualTo(409);

        String v3 = s + "00000003";
        host.imagesJson = "[" + version(v1, null, "First") + "," + version(v2, v1, "Second") + ","
                + version(v3, null, "Third") + "]";
        host.beat();
        assertThat(delete(v3).statusCode()).isEqualTo(204);
        assertThat(versions()).extracting(v -> v.get("version").asString()).containsExactly(v2, v1);
        assertThat(delete(v3).statusCode()).as("gone").isEqualTo(404);
        assertThat(api.putJson("/api/v1/admin/pools/" + pool + "/version", "{\"version\":\"" + v3 + "\"}",
                "Authorization", admin).statusCode())
                .as("a deleted version cannot be published").isEqualTo(400);
        assertThat(audit("image.version_deleted")).contains(image + "/" + v3);
        assertThat(api.delete("/api/v1/admin/images/" + image + "/versions/" + v2, "Authorization", bearer("iv-gil-" + s))
                .statusCode()).isEqualTo(403);
    }

    /** v2, a layer on v1 made in a maintenance guest, appears on the host. */
    private void newVersion() {
        host.imagesJson = "[" + version(v1, null, "First") + "," + version(v2, v1, "Second") + "]";
        assertThat(host.beat().statusCode()).isEqualTo(200);
    }

    private String version(String id, String parent, String title) {
        return "{\"image\":\"" + image + "\",\"id\":\"" + id + "\",\"sha256\":\"" + id.repeat(4)
                + "\",\"cmdline\":\"console=ttyS0\",\"screenWidth\":1024,\"screenHeight\":768,\"applications\":[],"
                + "\"title\":\"" + title + "\",\"note\":\"made for a test\",\"sizeBytes\":1000"
                + (parent == null ? ",\"source\":\"built\"" : ",\"parent\":\"" + parent
                + "\",\"source\":\"maintenance\",\"createdBy\":\"admin\",\"createdAt\":\"2026-11-29T03:00:00Z\"") + "}";
    }

    private JsonNode versions() {
        for (JsonNode i : ok(api.get("/api/v1/admin/images", "Authorization", admin))) {
            if (i.get("image").asString().equals(image)) {
                return i.get("versions");
            }
        }
        throw new AssertionError("no image " + image);
    }

    private HttpResponse<String> delete(String version) {
        return api.delete("/api/v1/admin/images/" + image + "/versions/" + version, "Authorization", admin);
    }

    private UUID launch(String username) {
        HttpResponse<String> launched = api.postJson("/api/v1/desktops/" + pool + "/sessions", "", "Authorization",
                bearer(username));
        return UUID.fromString(ok(launched).get("id").asString());
    }

    private JsonNode session(UUID id) {
        String owner = jdbc.sql("SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?")
                .param(id).query(String.class).single();
        return ok(api.get("/api/v1/sessions/" + id, "Authorization", bearer(owner)));
    }

    private List<String> showing(UUID session) {
        return jdbc.sql("SELECT kind FROM session_notices WHERE session_id = ? AND NOT cleared ORDER BY seq")
                .param(session).query(String.class).list();
    }

    private List<String> audit(String action) {
        List<String> targets = new ArrayList<>();
        ok(api.get("/api/v1/admin/audit?size=200&action=" + action, "Authorization", admin)).get("events")
                .forEach(e -> targets.add(e.get("target").asString()));
        return targets;
    }

    private JsonNode ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    private String bearer(String username) {
        UserAccount user = userAccount(username, username, username + " password");
        return "Bearer " + tokens.issue(user).token();
    }
}
