package dev.ventana.server.broker;

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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pools, groups and entitlements as admins manage them through the API, and what users then see
 * and may launch; the start requests reach a fake host, whose heartbeats register the image.
 */
class PoolAdminTest extends ServerTest {
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
    Http api;
    String admin;

    @BeforeEach
    void farm() throws IOException {
        s = UUID.randomUUID().toString().substring(0, 8);
        image = "pa-img-" + s;
        api = new Http(port);
        admin = bearer(users.find("admin").orElseThrow());
        // Other tests' hosts must not take this test's sessions, nor this one theirs.
        jdbc.sql("UPDATE hosts SET draining = true").update();
        host = new FakeFarmHost("pa-host-" + s, 8000, port, SessionAdminTest.TOKEN);
        host.imagesJson = version(s + "0000000a", "[{\"id\":\"editor\",\"name\":\"Text editor\",\"icon\":\"editor\"},"
                + "{\"id\":\"terminal\",\"name\":\"Terminal\",\"icon\":\"terminal\"}]");
        assertThat(host.beat().statusCode()).isEqualTo(200);
    }

    @AfterEach
    void retire() {
        jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(host.name()).update();
        jdbc.sql("UPDATE desktop_pools SET enabled = false WHERE name LIKE ?").param("%-" + s).update();
        host.close();
    }

    @Test
    void anAdminCreatesChangesAndListsPoolsOfBothKinds() {
        JsonNode desk = created(post("/api/v1/admin/pools", """
                {"name":"desk-%s","displayName":"Office desktop","image":"%s","vcpus":2,"memoryMiB":1024,"network":"NAT",
                 "maxSessions":3,"idleTimeoutSeconds":900}""".formatted(s, image)));
        assertThat(desk.get("version").asString()).as("the image's newest by default").isEqualTo(s + "0000000a");
        assertThat(desk.get("kind").asString()).isEqualTo("DESKTOP");
        assertThat(desk.get("icon").asString()).isEqualTo("desktop");
        assertThat(desk.get("network").asString()).isEqualTo("NAT");
        assertThat(desk.get("disconnectTimeoutSeconds").asInt()).as("the default policy").isEqualTo(3600);
        assertThat(desk.get("idleTimeoutSeconds").asInt()).isEqualTo(900);
        assertThat(desk.get("maxSessionLengthSeconds").isNull()).isTrue();
        assertThat(desk.get("instantOn").asBoolean()).as("on by default").isTrue();
        assertThat(desk.get("pageSharing").asBoolean()).as("off by default").isFalse();
        assertThat(display(desk)).as("DisplayPolicy.DEFAULT").isEqualTo("BOTH true 1920 1200");

        JsonNode editor = created(post("/api/v1/admin/pools", """
                {"name":"editor-%s","displayName":"Editor","image":"%s","kind":"APPLICATION","application":"editor",
                 "clipboard":"OFF","maxHeight":768}""".formatted(s, image)));
        assertThat(editor.get("icon").asString()).as("from the image manifest").isEqualTo("editor");
        assertThat(editor.get("application").asString()).isEqualTo("editor");
        assertThat(display(editor)).isEqualTo("OFF true 1920 768");
        assertThat(displayColumns("editor-" + s)).as("as stored").isEqualTo("OFF true 1920 768");

        JsonNode changed = ok(api.patchJson("/api/v1/admin/pools/desk-" + s,
                "{\"displayName\":\"Desktop\",\"maxSessions\":null,\"idleTimeoutSeconds\":null,\"vcpus\":4,"
                        + "\"pageSharing\":true,\"clipboard\":\"TO_GUEST\",\"resize\":false,\"maxWidth\":2560}",
                "Authorization", admin));
        assertThat(changed.get("displayName").asString()).isEqualTo("Desktop");
        assertThat(changed.get("maxSessions").isNull()).as("null: no limit").isTrue();
        assertThat(changed.get("idleTimeoutSeconds").isNull()).as("null: off").isTrue();
        assertThat(changed.get("vcpus").asInt()).isEqualTo(4);
        assertThat(changed.get("memoryMiB").asInt()).as("left out: kept").isEqualTo(1024);
        assertThat(changed.get("network").asString()).isEqualTo("NAT");
        assertThat(changed.get("pageSharing").asBoolean()).isTrue();
        assertThat(changed.get("instantOn").asBoolean()).isTrue();
        assertThat(display(changed)).as("maxHeight left out: kept").isEqualTo("TO_GUEST false 2560 1200");
        assertThat(displayColumns("desk-" + s)).as("as stored").isEqualTo("TO_GUEST false 2560 1200");

        List<String> names = new ArrayList<>();
        ok(api.get("/api/v1/admin/pools", "Authorization", admin)).forEach(p -> names.add(p.get("name").asString()));
        assertThat(names).contains("desk-" + s, "editor-" + s);
        assertThat(audit("pool.created")).contains("desk-" + s, "editor-" + s);
        assertThat(audit("pool.changed")).contains("desk-" + s);
    }

    @Test
    void whatAPoolCannotBeIsRefusedInWordsAndChangesNothing() {
        created(post("/api/v1/admin/pools", "{\"name\":\"firm-" + s + "\",\"image\":\"" + image + "\"}"));
        record Bad(String body, String says) {
        }
        for (Bad bad : List.of(
                new Bad("{\"name\":\"Bad Name\",\"image\":\"" + image + "\"}", "lower-case"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"no-such-image\"}", "has no version"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"kind\":\"APPLICATION\","
                        + "\"application\":\"paint\"}", "offers no application 'paint'"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"kind\":\"APPLICATION\"}",
                        "names one application"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"kind\":\"KIOSK\"}", "DESKTOP, APPLICATION"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"vcpus\":0}", "vcpus"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"memoryMiB\":\"lots\"}", "whole number"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"network\":\"BRIDGE\"}", "NONE, NAT"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"instantOn\":\"yes\"}",
                        "'instantOn' must be true or false"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"clipboard\":\"SIDEWAYS\"}",
                        "'clipboard' must be one of [BOTH, TO_GUEST, TO_BROWSER, OFF]"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"resize\":1}",
                        "'resize' must be true or false"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"maxWidth\":3840}",
                        "maxWidth must be 640-2560 and maxHeight 480-1600 pixels"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"maxHeight\":1080.5}",
                        "'maxHeight' must be a whole number"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"version\":\"bbbbbbbbbbbbbbbb\"}",
                        "no version bbbbbbbbbbbbbbbb"),
                new Bad("{\"name\":\"x-" + s + "\",\"image\":\"" + image + "\",\"colour\":\"red\"}", "Unknown field 'colour'"),
                new Bad("[1,2]", "JSON object"))) {
            HttpResponse<String> answer = post("/api/v1/admin/pools", bad.body());
            assertThat(answer.statusCode()).as(bad.body()).isEqualTo(400);
            assertThat(answer.body()).as(bad.body()).contains(bad.says());
        }
        assertThat(post("/api/v1/admin/pools", "{\"name\":\"firm-" + s + "\",\"image\":\"" + image + "\"}").statusCode())
                .isEqualTo(409);
        for (String patch : List.of("{\"kind\":\"APPLICATION\"}", "{\"image\":\"other\"}", "{\"maxSessions\":0}",
                "{\"disconnectTimeoutSeconds\":0}", "{\"enabled\":\"yes\"}", "{\"clipboard\":null}", "{\"maxHeight\":479}",
                "{\"maxWidth\":null}", "{\"resize\":null}")) {
            HttpResponse<String> answer = api.patchJson("/api/v1/admin/pools/firm-" + s, patch, "Authorization", admin);
            assertThat(answer.statusCode()).as(patch).isEqualTo(400);
        }
        assertThat(api.patchJson("/api/v1/admin/pools/none-" + s, "{}", "Authorization", admin).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM desktop_pools WHERE name LIKE ?").param("x-" + s + "%")
                .query(Long.class).single()).isZero();
        JsonNode firm = ok(api.get("/api/v1/admin/pools", "Authorization", admin)).valueStream()
                .filter(p -> p.get("name").asString().equals("firm-" + s)).findFirst().orElseThrow();
        assertThat(firm.get("vcpus").asInt()).as("unchanged by the refused patches").isEqualTo(1);
        assertThat(display(firm)).isEqualTo("BOTH true 1920 1200");
    }

    @Test
    void usersSeeAndLaunchOnlyWhatTheyAreEntitledToDirectlyOrThroughAGroup() {
        String pool = "ent-" + s;
        created(post("/api/v1/admin/pools", "{\"name\":\"" + pool + "\",\"image\":\"" + image + "\"}"));
        created(post("/api/v1/admin/pools", "{\"name\":\"app-" + s + "\",\"image\":\"" + image
                + "\",\"kind\":\"APPLICATION\",\"application\":\"terminal\",\"displayName\":\"Terminal\"}"));
        UserAccount member = user("pa-member-" + s);
        UserAccount direct = user("pa-direct-" + s);
        UserAccount outsider = user("pa-out-" + s);
        created(post("/api/v1/admin/groups", "{\"name\":\"finance-" + s + "\",\"description\":\"Finance\"}"));
        ok(api.putJson("/api/v1/admin/groups/finance-" + s + "/members",
                "{\"usernames\":[\"" + member.username() + "\"]}", "Authorization", admin));
        assertThat(post("/api/v1/admin/pools/" + pool + "/entitlements", "{\"group\":\"finance-" + s + "\"}").statusCode())
                .isEqualTo(204);
        assertThat(post("/api/v1/admin/pools/" + pool + "/entitlements", "{\"user\":\"" + direct.username() + "\"}")
                .statusCode()).isEqualTo(204);
        assertThat(post("/api/v1/admin/pools/app-" + s + "/entitlements", "{\"user\":\"" + direct.username() + "\"}")
                .statusCode()).isEqualTo(204);
        assertThat(ok(api.get("/api/v1/admin/pools/" + pool + "/entitlements", "Authorization", admin)).toString())
                .isEqualTo("[{\"user\":\"" + direct.username() + "\"},{\"group\":\"finance-" + s + "\"}]");

        assertThat(mine(member)).containsExactly(pool + ":DESKTOP:desktop");
        assertThat(mine(direct)).as("desktops first, then applications")
                .containsExactly(pool + ":DESKTOP:desktop", "app-" + s + ":APPLICATION:terminal");
        assertThat(mine(outsider)).isEmpty();
        assertThat(launch(outsider, pool).statusCode()).isEqualTo(403);
        assertThat(launch(outsider, "no-such-pool-" + s).statusCode()).as("no hint that it does not exist").isEqualTo(403);
        assertThat(launch(member, pool).statusCode()).isEqualTo(200);

        // Out of the group, the member loses the pool; revoking the user's own entitlement likewise.
        ok(api.putJson("/api/v1/admin/groups/finance-" + s + "/members", "{\"usernames\":[]}", "Authorization", admin));
        assertThat(mine(member)).isEmpty();
        assertThat(api.deleteJson("/api/v1/admin/pools/" + pool + "/entitlements",
                "{\"user\":\"" + direct.username() + "\"}", "Authorization", admin).statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/v1/admin/pools/app-" + s + "/entitlements?user=" + direct.username(),
                "Authorization", admin).statusCode()).isEqualTo(204);
        assertThat(mine(direct)).isEmpty();
        assertThat(launch(direct, pool).statusCode()).isEqualTo(403);
        assertThat(audit("pool.entitled")).contains(pool, "app-" + s);
        assertThat(audit("pool.unentitled")).contains(pool, "app-" + s);
    }

    @Test
    void groupsAndEntitlementsRefuseWhatIsNotThere() {
        created(post("/api/v1/admin/groups", "{\"name\":\"ops-" + s + "\"}"));
        assertThat(post("/api/v1/admin/groups", "{\"name\":\"ops-" + s + "\"}").statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/admin/groups", "{\"name\":\"\"}").statusCode()).isEqualTo(400);
        String known = user("pa-known-" + s).username();
        HttpResponse<String> unknown = api.putJson("/api/v1/admin/groups/ops-" + s + "/members",
                "{\"usernames\":[\"" + known + "\",\"pa-ghost-" + s + "\"]}", "Authorization", admin);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("pa-ghost-" + s).doesNotContain("No such user: " + known);
        assertThat(groupMembers("ops-" + s)).as("nothing changed").isEmpty();
        assertThat(api.putJson("/api/v1/admin/groups/none-" + s + "/members", "{\"usernames\":[]}", "Authorization", admin)
                .statusCode()).isEqualTo(404);

        created(post("/api/v1/admin/pools", "{\"name\":\"gr-" + s + "\",\"image\":\"" + image + "\"}"));
        String entitlements = "/api/v1/admin/pools/gr-" + s + "/entitlements";
        assertThat(post(entitlements, "{\"user\":\"pa-ghost-" + s + "\"}").statusCode()).isEqualTo(404);
        assertThat(post(entitlements, "{\"group\":\"none-" + s + "\"}").statusCode()).isEqualTo(404);
        assertThat(post(entitlements, "{\"user\":\"" + known + "\",\"group\":\"ops-" + s + "\"}").statusCode())
                .isEqualTo(400);
        assertThat(post(entitlements, "{}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/admin/pools/none-" + s + "/entitlements", "{\"user\":\"" + known + "\"}").statusCode())
                .isEqualTo(404);

        assertThat(post(entitlements, "{\"group\":\"ops-" + s + "\"}").statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/v1/admin/groups/ops-" + s, "Authorization", admin).statusCode()).isEqualTo(204);
        assertThat(ok(api.get(entitlements, "Authorization", admin))).as("the group's entitlements go with it").isEmpty();
        assertThat(audit("group")).contains("ops-" + s);
    }

    @Test
    void aLaunchAsksTheHostForTheApplicationTheNetworkAndOneWriterOfTheDataDisk() {
        String desk = "one-desk-" + s;
        String app = "one-app-" + s;
        created(post("/api/v1/admin/pools", "{\"name\":\"" + desk + "\",\"image\":\"" + image
                + "\",\"openToAllUsers\":true,\"maxSessions\":1,\"instantOn\":false}"));
        created(post("/api/v1/admin/pools", "{\"name\":\"" + app + "\",\"image\":\"" + image
                + "\",\"kind\":\"APPLICATION\",\"application\":\"editor\",\"network\":\"NAT\",\"openToAllUsers\":true,"
                + "\"pageSharing\":true}"));
        UserAccount ann = user("pa-ann-" + s);

        JsonNode first = ok(launch(ann, desk));
        JsonNode second = ok(launch(ann, app));
        assertThat(first.get("dataDisk").asString()).isEqualTo("WRITABLE");
        assertThat(second.get("dataDisk").asString()).isEqualTo("READ_ONLY");
        JsonNode deskStart = json.readTree(host.startRequests.get(host.startRequests.size() - 2));
        JsonNode appStart = json.readTree(host.startRequests.getLast());
        assertThat(deskStart.get("application").isNull()).isTrue();
        assertThat(deskStart.get("network").asString()).isEqualTo("NONE");
        assertThat(deskStart.get("dataDisk").asString()).isEqualTo("WRITABLE");
        assertThat(appStart.get("application").asString()).isEqualTo("editor");
        assertThat(appStart.get("network").asString()).isEqualTo("NAT");
        assertThat(appStart.get("dataDisk").asString()).isEqualTo("READ_ONLY");
        assertThat(deskStart.get("instantOn").asBoolean()).isFalse();
        assertThat(deskStart.get("pageSharing").asBoolean()).isFalse();
        assertThat(appStart.get("instantOn").asBoolean()).isTrue();
        assertThat(appStart.get("pageSharing").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT kind FROM session_notices WHERE session_id = ? AND NOT cleared")
                .param(UUID.fromString(second.get("id").asString())).query(String.class).list())
                .as("the user is told").containsExactly("READ_ONLY_FILES");

        HttpResponse<String> full = launch(user("pa-bob-" + s), desk);
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(full.body()).contains("maximum of 1 sessions");
    }

    @Test
    void anAdminsMessageReachesTheSessionAndOnlyAdminsMaySendOne() {
        String pool = "msg-" + s;
        created(post("/api/v1/admin/pools", "{\"name\":\"" + pool + "\",\"image\":\"" + image + "\",\"openToAllUsers\":true}"));
        UserAccount cid = user("pa-cid-" + s);
        UUID session = UUID.fromString(ok(launch(cid, pool)).get("id").asString());
        String path = "/api/v1/admin/sessions/" + session + "/message";

        assertThat(post(path, "{\"text\":\"Servers restart at 18:00, please save your work.\"}").statusCode())
                .isEqualTo(204);
        assertThat(jdbc.sql("SELECT body FROM session_notices WHERE session_id = ? AND kind = 'ADMIN_MESSAGE'")
                .param(session).query(String.class).single()).isEqualTo("Servers restart at 18:00, please save your work.");
        assertThat(api.postJson(path, "{\"text\":\"hi\"}", "Authorization", bearer(cid)).statusCode()).isEqualTo(403);
        assertThat(post(path, "{\"text\":\"  \"}").statusCode()).isEqualTo(400);
        assertThat(post(path, "{\"text\":\"" + "x".repeat(1001) + "\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/admin/sessions/" + UUID.randomUUID() + "/message", "{\"text\":\"hi\"}").statusCode())
                .isEqualTo(404);
        assertThat(audit("session.messaged")).contains(session.toString());
        // Who may call what on a session (another user's is 404, as an unknown one): access.AuthorizationMatrixTest.

        assertThat(api.delete("/api/v1/sessions/" + session, "Authorization", admin).statusCode()).isEqualTo(202);
        jdbc.sql("UPDATE sessions SET state = 'STOPPED', ended_at = now() WHERE id = ?").param(session).update();
        assertThat(post(path, "{\"text\":\"too late\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void theAuditTrailIsFilteredAndPagedNewestFirstForAdminsOnly() {
        for (int i = 0; i < 3; i++) {
            created(post("/api/v1/admin/groups", "{\"name\":\"au-" + i + "-" + s + "\"}"));
        }
        JsonNode page = ok(api.get("/api/v1/admin/audit?action=group.created&actor=admin&size=2", "Authorization", admin));
        assertThat(page.get("more").asBoolean()).isTrue();
        assertThat(page.get("events").get(0).get("target").asString()).isEqualTo("au-2-" + s);
        assertThat(page.get("events").get(1).get("target").asString()).isEqualTo("au-1-" + s);
        JsonNode next = ok(api.get("/api/v1/admin/audit?action=group.created&actor=admin&size=2&page=1",
                "Authorization", admin));
        assertThat(next.get("events").get(0).get("target").asString()).isEqualTo("au-0-" + s);
        assertThat(ok(api.get("/api/v1/admin/audit?action=group&target=au-0-" + s, "Authorization", admin))
                .get("events")).as("a prefix matches the actions under it").hasSize(1);
        assertThat(ok(api.get("/api/v1/admin/audit?action=grou&target=au-0-" + s, "Authorization", admin))
                .get("events")).as("but not part of a word").isEmpty();
        assertThat(ok(api.get("/api/v1/admin/audit?to=2000-01-01T00:00:00Z", "Authorization", admin)).get("events"))
                .isEmpty();
        assertThat(ok(api.get("/api/v1/admin/audit?from=2000-01-01T00:00:00Z&target=au-1-" + s, "Authorization", admin))
                .get("events")).hasSize(1);
        assertThat(api.get("/api/v1/admin/audit?from=yesterday", "Authorization", admin).body()).contains("ISO-8601");
        assertThat(api.get("/api/v1/admin/audit?size=501", "Authorization", admin).statusCode()).isEqualTo(400);
        // Users get 403, and the OpenAPI document lists these calls: access.AuthorizationMatrixTest.
    }

    /** A pool's display policy, "clipboard resize maxWidth maxHeight", in its JSON and in its row. */
    private static String display(JsonNode pool) {
        return pool.get("clipboard").asString() + " " + pool.get("resize").asBoolean() + " " + pool.get("maxWidth").asInt()
                + " " + pool.get("maxHeight").asInt();
    }

    private String displayColumns(String pool) {
        return jdbc.sql("SELECT clipboard || ' ' || resize || ' ' || max_width || ' ' || max_height FROM desktop_pools"
                + " WHERE name = ?").param(pool).query(String.class).single();
    }

    private String version(String id, String applications) {
        return "[{\"image\":\"" + image + "\",\"id\":\"" + id + "\",\"sha256\":\"" + id.repeat(4)
                + "\",\"cmdline\":\"console=ttyS0\",\"screenWidth\":1024,\"screenHeight\":768,\"applications\":"
                + applications + "}]";
    }

    private HttpResponse<String> post(String path, String body) {
        return api.postJson(path, body, "Authorization", admin);
    }

    private HttpResponse<String> launch(UserAccount user, String pool) {
        return api.postJson("/api/v1/desktops/" + pool + "/sessions", "", "Authorization", bearer(user));
    }

    /** "pool:KIND:icon" for each of this test's pools the user sees (the default pool is everyone's). */
    private List<String> mine(UserAccount user) {
        List<String> seen = new ArrayList<>();
        ok(api.get("/api/v1/desktops", "Authorization", bearer(user))).forEach(d -> seen.add(
                d.get("pool").asString() + ":" + d.get("kind").asString() + ":" + d.get("icon").asString()));
        return seen.stream().filter(d -> d.split(":")[0].endsWith(s)).toList();
    }

    private List<String> groupMembers(String group) {
        List<String> members = new ArrayList<>();
        ok(api.get("/api/v1/admin/groups", "Authorization", admin)).valueStream()
                .filter(g -> g.get("name").asString().equals(group))
                .forEach(g -> g.get("members").forEach(m -> members.add(m.asString())));
        return members;
    }

    /** The targets of the newest audit events under the action. */
    private List<String> audit(String action) {
        List<String> targets = new ArrayList<>();
        ok(api.get("/api/v1/admin/audit?size=200&action=" + action, "Authorization", admin)).get("events")
                .forEach(e -> targets.add(e.get("target").asString()));
        return targets;
    }

    private JsonNode created(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json.readTree(answer.body());
    }

    private JsonNode ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    private UserAccount user(String username) {
        return userAccount(username, username, username + " password");
    }

    private String bearer(UserAccount user) {
        return "Bearer " + tokens.issue(user).token();
    }
}
