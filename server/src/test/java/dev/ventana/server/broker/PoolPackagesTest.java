package dev.ventana.server.broker;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.hosts.FakeFarmHost;
import dev.ventana.server.identity.ApiTokens;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.packages.PackageApi;
import dev.ventana.server.packages.PackageBundles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool's application packages: set and checked through the API, fixed in the sessions placed
 * afterwards and named in their start requests, told to running sessions, rolled out, and in the
 * way of deleting a version while a pool lists it or a session has it.
 */
class PoolPackagesTest extends ServerTest {
    private final JsonMapper json = JsonMapper.builder().build();
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path scratch;

    FakeFarmHost host;
    String s;
    String image;
    String pool;
    Http api;
    String admin;
    PackageApi packages;

    @BeforeEach
    void farm() throws IOException {
        s = UUID.randomUUID().toString().substring(0, 8);
        image = "pp-img-" + s;
        pool = "pp-pool-" + s;
        api = new Http(port);
        admin = "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token();
        packages = new PackageApi(port, admin);
        jdbc.sql("UPDATE hosts SET draining = true").update();
        host = new FakeFarmHost("pp-host-" + s, 8000, port, PackageApi.FARM_TOKEN);
        host.imagesJson = "[{\"image\":\"" + image + "\",\"id\":\"" + s + "0000000a\",\"sha256\":\"" + (s + "0000000a").repeat(4)
                + "\",\"cmdline\":\"\",\"screenWidth\":1024,\"screenHeight\":768,"
                + "\"applications\":[{\"id\":\"editor\",\"name\":\"Editor\",\"icon\":\"editor\"}]}]";
        assertThat(host.beat().statusCode()).isEqualTo(200);
        assertThat(api.postJson("/api/v1/admin/pools", "{\"name\":\"" + pool + "\",\"image\":\"" + image
                + "\",\"openToAllUsers\":true}", "Authorization", admin).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void retire() {
        jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(host.name()).update();
        jdbc.sql("UPDATE desktop_pools SET enabled = false WHERE name LIKE ?").param("%-" + s).update();
        host.close();
    }

    @Test
    void newSessionsGetThePoolsPackagesAndRunningOnesAreToldAndRolledOut() {
        PackageBundles.Version calc1 = version("calc", "calc|Calculator|application|xcalc");
        PackageBundles.Version calc2 = version("calc", "calc|Calculator|application|xcalc");
        PackageBundles.Version clock = version("clock", "clock|Clock|application|xclock");
        UUID before = launch("pp-ann-" + s);

        JsonNode changed = put(list(calc1, clock));

        assertThat(changed.get("pool").asString()).isEqualTo(pool);
        assertThat(changed.get("from").size()).isZero();
        assertThat(changed.get("to").toString()).isEqualTo(list(calc1, clock).replace("{\"packages\":", "").replaceAll("}$", ""));
        assertThat(changed.get("sessionsTold").asInt()).isEqualTo(1);
        assertThat(showing(before)).containsExactly("PACKAGE_UPDATE");
        assertThat(ok(api.get("/api/v1/admin/pools/" + pool + "/packages", "Authorization", admin)).toString())
                .isEqualTo(list(calc1, clock));
        assertThat(audit("pool.packages_changed")).contains(pool);

        UUID after = launch("pp-bob-" + s);
        String start = host.startRequests.getLast();
        assertThat(json.readTree(start).get("packages").toString()).as(start)
                .isEqualTo("[{\"name\":\"" + calc1.name() + "\",\"version\":\"" + calc1.id() + "\"},{\"name\":\""
                        + clock.name() + "\",\"version\":\"" + clock.id() + "\"}]");
        assertThat(json.readTree(start).get("sources").toString()).as("the server holds the uploads").contains("/api/v1/farm");
        assertThat(sessionPackages(after)).isEqualTo(json.readTree(start).get("packages").toString());
        assertThat(sessionPackages(before)).as("fixed at placement").isEqualTo("[]");
        assertThat(ok(api.get("/api/v1/sessions/" + after, "Authorization", bearer("pp-bob-" + s))).get("packages")
                .toString()).as("the session's own view").isEqualTo(sessionPackages(after));
        assertThat(ok(api.get("/api/v1/sessions/" + before, "Authorization", bearer("pp-ann-" + s))).get("packages")
                .toString()).isEqualTo("[]");
        assertThat(showing(after)).isEmpty();
        JsonNode listed = listed(calc1);
        assertThat(listed.get("liveSessions").asInt()).isEqualTo(1);
        assertThat(listed.get("pools").toString()).isEqualTo("[\"" + pool + "\"]");
        assertThat(listed(calc2).get("pools").size()).isZero();

        JsonNode newer = put(list(calc2, clock));
        assertThat(newer.get("sessionsTold").asInt()).as("both differ now").isEqualTo(2);
        JsonNode rollout = ok(api.postJson("/api/v1/admin/pools/" + pool + "/rollout", "{\"graceMinutes\":60}",
                "Authorization", admin));
        assertThat(rollout.get("sessions").asInt()).as("same image version, other packages").isEqualTo(2);
        assertThat(showing(after)).containsExactly("ROLLOUT");

        put(list(calc1, clock));
        assertThat(showing(after)).as("back on the pool's list: nothing to tell or roll out").isEmpty();
        assertThat(jdbc.sql("SELECT logoff_at IS NULL FROM sessions WHERE id = ?").param(after).query(Boolean.class)
                .single()).isTrue();
        assertThat(showing(before)).as("still on other packages: told again, and still rolled out")
                .containsExactly("ROLLOUT", "PACKAGE_UPDATE");
    }

    @Test
    void whatAPoolsPackagesCannotBeIsRefusedAndChangesNothing() {
        PackageBundles.Version calc = version("calc", "calc|Calculator|application|xcalc");
        PackageBundles.Version twin = version("twin", "calc|Another calculator|application|xcalc");
        PackageBundles.Version editor = version("edit", "editor|Editor|editor|vi");
        PackageBundles.Version elsewhere = PackageBundles.version(scratch, "else-" + s, "office", "ofc|Office|document|x");
        packages.uploaded(elsewhere);
        put(list(calc));
        String unknown = "{\"packages\":[{\"name\":\"" + calc.name() + "\",\"version\":\"ffffffffffffffff\"}]}";
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            many.add("{\"name\":\"p" + i + "\",\"version\":\"" + calc.id() + "\"}");
        }
        for (String[] bad : List.of(
                new String[] {unknown, "has no version ffffffffffffffff"},
                new String[] {"{\"packages\":[" + String.join(",", many) + "]}", "at most 16"},
                new String[] {list(calc, calc), "listed twice"},
                new String[] {list(elsewhere), "made for the image 'office'"},
                new String[] {list(editor), "'editor' of the package '" + editor.name() + "' is also one of the image version"},
                new String[] {list(calc, twin), "is also one of the package '" + calc.name() + "'"},
                new String[] {"{}", "the pool's whole list"})) {
            HttpResponse<String> answer = api.putJson("/api/v1/admin/pools/" + pool + "/packages", bad[0], "Authorization",
                    admin);
            assertThat(answer.statusCode()).as(bad[0] + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains(bad[1]);
        }
        assertThat(ok(api.get("/api/v1/admin/pools/" + pool + "/packages", "Authorization", admin)).toString())
                .isEqualTo(list(calc));
        assertThat(api.putJson("/api/v1/admin/pools/none-" + s + "/packages", list(calc), "Authorization", admin)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aPackagesApplicationIsOneOfThePoolsAndTheVersionCannotGoWhileUsed() {
        PackageBundles.Version calc = version("calc", "calc|Calculator|spreadsheet|xcalc");
        String app = "app-" + s;
        assertThat(api.postJson("/api/v1/admin/pools", "{\"name\":\"" + app + "\",\"image\":\"" + image
                + "\",\"kind\":\"APPLICATION\",\"application\":\"editor\",\"openToAllUsers\":true}", "Authorization", admin)
                .statusCode()).isEqualTo(201);
        assertThat(api.putJson("/api/v1/admin/pools/" + app + "/packages", list(calc), "Authorization", admin)
                .statusCode()).isEqualTo(200);
        JsonNode patched = ok(api.patchJson("/api/v1/admin/pools/" + app, "{\"application\":\"calc\"}",
                "Authorization", admin));
        assertThat(patched.get("icon").asString()).as("from the package's manifest").isEqualTo("spreadsheet");
        HttpResponse<String> dropped = api.putJson("/api/v1/admin/pools/" + app + "/packages", "{\"packages\":[]}",
                "Authorization", admin);
        assertThat(dropped.statusCode()).isEqualTo(400);
        assertThat(dropped.body()).contains("publishes the application 'calc'");

        UUID session = ok(api.postJson("/api/v1/desktops/" + app + "/sessions", "", "Authorization",
                bearer("pp-cid-" + s))).get("id").asString().transform(UUID::fromString);
        assertThat(json.readTree(host.startRequests.getLast()).get("application").asString()).isEqualTo("calc");
        assertThat(packages.delete(calc.name(), calc.id()).body()).contains("is listed by [" + app + "]");
        ok(api.patchJson("/api/v1/admin/pools/" + app, "{\"application\":\"editor\"}", "Authorization", admin));
        ok(api.putJson("/api/v1/admin/pools/" + app + "/packages", "{\"packages\":[]}", "Authorization", admin));
        HttpResponse<String> live = packages.delete(calc.name(), calc.id());
        assertThat(live.statusCode()).isEqualTo(409);
        assertThat(live.body()).contains("is in 1 live session(s)");

        host.packagesJson = "[{\"name\":\"" + calc.name() + "\",\"id\":\"" + calc.id() + "\",\"sha256\":\"" + calc.sha256()
                + "\",\"madeFor\":{\"image\":\"" + image + "\",\"version\":null,\"os\":\"ventana-tiny\"},\"sizeBytes\":4096}]";
        host.guests.keySet().forEach(host::run);
        assertThat(host.beat().statusCode()).isEqualTo(200);
        assertThat(packages.versions(calc.name()).get(0).get("hosts").toString()).isEqualTo("[\"" + host.name() + "\"]");
        api.delete("/api/v1/sessions/" + session, "Authorization", admin);
        host.beat();
        assertThat(packages.delete(calc.name(), calc.id()).statusCode()).isEqualTo(204);
        assertThat(host.packageRemovals).containsExactly("/api/v1/packages/" + calc.name() + "/" + calc.id());
    }

    @Test
    void aHostsPackagesJoinTheCatalogue() {
        String name = "hosted-" + s;
        String id = s + "0000beef";
        host.packagesJson = "[{\"name\":\"" + name + "\",\"id\":\"" + id + "\",\"sha256\":\"" + id.repeat(4)
                + "\",\"title\":\"Hosted\",\"note\":\"\",\"source\":\"script\",\"createdBy\":\"make.sh\","
                + "\"createdAt\":\"2026-11-29T20:00:00Z\",\"madeFor\":{\"image\":\"" + image + "\",\"version\":null,"
                + "\"os\":\"ventana-tiny\"},\"applications\":[{\"id\":\"hosted\",\"name\":\"Hosted\",\"icon\":\"code\"}],"
                + "\"sizeBytes\":8192}]";
        assertThat(host.beat().statusCode()).isEqualTo(200);

        JsonNode listed = packages.versions(name).get(0);
        assertThat(listed.get("version").asString()).isEqualTo(id);
        assertThat(listed.get("source").asString()).isEqualTo("script");
        assertThat(listed.get("sizeBytes").asLong()).isEqualTo(8192);
        assertThat(listed.get("hosts").toString()).isEqualTo("[\"" + host.name() + "\"]");
        assertThat(put("{\"packages\":[{\"name\":\"" + name + "\",\"version\":\"" + id + "\"}]}").get("to").size())
                .isEqualTo(1);
        launch("pp-dan-" + s);
        assertThat(json.readTree(host.startRequests.getLast()).get("sources").size())
                .as("the only host that holds it is the one asked").isZero();

        String other = s + "0000cafe";
        host.packagesJson = "[{\"name\":\"nowhere-" + s + "\",\"id\":\"" + other + "\",\"sha256\":\"" + other.repeat(4)
                + "\"}]";
        assertThat(host.beat().statusCode()).as("made for no image: kept out of the catalogue").isEqualTo(200);
        assertThat(packages.versions("nowhere-" + s)).isNull();
        host.packagesJson = "[{\"name\":\"Bad\",\"id\":\"" + id + "\",\"sha256\":\"" + id.repeat(4) + "\"}]";
        assertThat(host.beat().statusCode()).as("a heartbeat with a malformed package").isEqualTo(400);
    }

    private PackageBundles.Version version(String prefix, String... applications) {
        PackageBundles.Version v = PackageBundles.version(scratch, prefix + "-" + s, image, applications);
        packages.uploaded(v);
        return v;
    }

    private JsonNode listed(PackageBundles.Version v) {
        for (JsonNode listed : packages.versions(v.name())) {
            if (listed.get("version").asString().equals(v.id())) {
                return listed;
            }
        }
        throw new AssertionError("no version " + v.id() + " of " + v.name());
    }

    private static String list(PackageBundles.Version... versions) {
        List<String> refs = new ArrayList<>();
        for (PackageBundles.Version v : versions) {
            refs.add("{\"name\":\"" + v.name() + "\",\"version\":\"" + v.id() + "\"}");
        }
        return "{\"packages\":[" + String.join(",", refs) + "]}";
    }

    private JsonNode put(String body) {
        return ok(api.putJson("/api/v1/admin/pools/" + pool + "/packages", body, "Authorization", admin));
    }

    private UUID launch(String username) {
        return UUID.fromString(ok(api.postJson("/api/v1/desktops/" + pool + "/sessions", "", "Authorization",
                bearer(username))).get("id").asString());
    }

    private String sessionPackages(UUID session) {
        return json.readTree(jdbc.sql("SELECT packages::text FROM sessions WHERE id = ?").param(session)
                .query(String.class).single()).toString();
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
