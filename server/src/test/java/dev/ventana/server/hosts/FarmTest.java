package dev.ventana.server.hosts;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.TestPools;
import dev.ventana.server.identity.ApiTokens;
import dev.ventana.server.identity.UserAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The farm's bookkeeping against hosts that boot nothing (FakeFarmHost): heartbeats, placement
 * by memory, drain, a host going DOWN and fencing on its return. FarmIT does it with real hosts.
 */
class FarmTest extends ServerTest {
    static final String TOKEN = "test-farm-token-0123456789";
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;

    final List<FakeFarmHost> hosts = new ArrayList<>();
    String pool;

    @BeforeEach
    void pool() {
        pool = TestPools.create(jdbc, "farm-" + UUID.randomUUID().toString().substring(0, 8), "v", 256);
    }

    @AfterEach
    void retireHosts() {
        for (FakeFarmHost host : hosts) {
            jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(host.name()).update();
            host.close();
        }
        jdbc.sql("UPDATE desktop_pools SET enabled = false, open_to_all_users = false WHERE name = ?").param(pool).update();
    }

    @Test
    void heartbeatsNeedTheFarmTokenAndMakeSense() throws IOException {
        FakeFarmHost host = host("farm-token-check", 800);

        assertThat(host.beat("wrong-token").statusCode()).isEqualTo(401);
        assertThat(host.beat("").statusCode()).isEqualTo(401);
        HttpResponse<String> badName = host.post(host.heartbeatJson().replace("farm-token-check", "Bad Name!"), TOKEN);
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("\"error\":\"BAD_REQUEST\"", "name must be");
        assertThat(host.post("{not json", TOKEN).statusCode()).isEqualTo(400);
        host.launchesJson = "{\"restored\":-1,\"coldBoots\":0,\"fallbacks\":0}";
        assertThat(host.beat().body()).contains("launches must not be negative");
        host.launchesJson = null;
        assertThat(host.beat().statusCode()).isEqualTo(200);
    }

    @Test
    void adminsSeeTheHostsAndUsersDoNot() throws IOException {
        FakeFarmHost host = host("farm-listed", 800);
        host.launchesJson = "{\"restored\":7,\"coldBoots\":2,\"fallbacks\":1}";
        host.beat();
        Http api = new Http(port);

        var asAdmin = api.get("/api/v1/admin/hosts", "Authorization", bearer(users.find("admin").orElseThrow()));
        var asUser = api.get("/api/v1/admin/hosts", "Authorization", bearer(user("farm-plain-user")));

        assertThat(asAdmin.statusCode()).isEqualTo(200);
        assertThat(asAdmin.body()).contains("\"name\":\"farm-listed\"", "\"state\":\"UP\"", "\"capacityMib\":800",
                "\"url\":\"" + host.url() + "\"", "\"lastHeartbeatAt\"",
                "\"launches\":{\"restored\":7,\"coldBoots\":2,\"fallbacks\":1}");
        assertThat(asUser.statusCode()).isEqualTo(403);
    }

    @Test
    void theReplyNamesTheTemplatesOfInstantOnPoolsWhoseVersionTheHostHolds() throws IOException {
        FakeFarmHost holder = host("farm-template-holder", 800);
        FakeFarmHost other = host("farm-template-other", 800);
        holder.imagesJson = poolVersionJson();
        String wanted = "{\"image\":\"" + pool + "\",\"version\":\"v\",\"memoryMiB\":256,\"vcpus\":1,"
                + "\"network\":\"NONE\",\"pageSharing\":false}";

        assertThat(holder.beat().body()).contains("\"templates\":[" + wanted + "]");
        // A host without the version is not asked: it fetches it at its first launch there.
        assertThat(other.beat().body()).contains("\"templates\":[]");
        jdbc.sql("UPDATE desktop_pools SET page_sharing = true WHERE name = ?").param(pool).update();
        assertThat(holder.beat().body()).contains(wanted.replace("false", "true"));
        jdbc.sql("UPDATE desktop_pools SET instant_on = false WHERE name = ?").param(pool).update();
        assertThat(holder.beat().body()).contains("\"templates\":[]");
    }

    @Test
    void launchesGoWhereThereIsRoomAndAFullFarmRefusesAtOnce() throws IOException {
        // 256 MiB guests plus 128 MiB overhead: two fit in 800 MiB, a third does not.
        FakeFarmHost a = host("farm-room-a", 800);
        FakeFarmHost b = host("farm-room-b", 800);
        a.beat();
        b.beat();

        for (int i = 1; i <= 4; i++) {
            assertThat(launch("farm-room-user" + i).statusCode()).isEqualTo(200);
        }
        var fifth = launch("farm-room-user5");

        assertThat(a.guests).hasSize(2);
        assertThat(b.guests).hasSize(2);
        assertThat(fifth.statusCode()).isEqualTo(503);
        assertThat(fifth.body()).contains("\"error\":\"UNAVAILABLE\"", "no capacity");
    }

    @Test
    void aHostThatHoldsThePoolsVersionGetsTheGuestBeforeARoomierOneThatWouldFetchIt() throws IOException {
        FakeFarmHost roomy = host("farm-hold-roomy", 4000);
        FakeFarmHost holder = host("farm-hold-holder", 1000);
        holder.imagesJson = poolVersionJson();
        roomy.beat();
        holder.beat();

        // 256 MiB guests plus 128 MiB overhead: the holder takes two (by allotment, 1000 x 2.0 overcommit,
        // and by use); the third goes to the roomy host, which would fetch the version.
        for (int i = 1; i <= 3; i++) {
            assertThat(launch("farm-hold-user" + i).statusCode()).isEqualTo(200);
        }
        assertThat(holder.guests).hasSize(2);
        assertThat(roomy.guests).hasSize(1);
    }

    @Test
    void guestsThatUseLittleLetAHostTakeMoreUpToTheOvercommit() throws IOException {
        // 384 MiB allotted each (256 + 128): two fit in 800 MiB by allotment, as above. Each reports
        // 100 MiB used, so by use they keep fitting, until the allotments would pass 800 x 2.0 (the
        // default ventana.hosts.memory-overcommit): four are 1536 MiB, a fifth would make 1920.
        FakeFarmHost host = host("farm-light", 800);
        host.beat();
        for (int i = 1; i <= 4; i++) {
            assertThat(launch("farm-light-user" + i).statusCode()).as("guest " + i).isEqualTo(200);
            host.guests.keySet().forEach(g -> host.memoryUsedMib.put(g, 100));
            host.beat();
        }
        var fifth = launch("farm-light-user5");

        assertThat(usedMib(host)).as("stored from the heartbeats").containsExactly(100, 100, 100, 100);
        assertThat(fifth.statusCode()).as("784 of 800 MiB by use, but over the overcommit").isEqualTo(503);
        assertThat(host.guests).hasSize(4);
    }

    @Test
    void guestsThatUseMuchFillAHostEarlierUntilTheyAreNotMeasured() throws IOException {
        FakeFarmHost host = host("farm-heavy", 800);
        host.beat();
        launch("farm-heavy-user1");
        host.guests.keySet().forEach(g -> host.memoryUsedMib.put(g, 500));
        host.beat();

        assertThat(launch("farm-heavy-user2").statusCode()).as("500 + 384 > 800, though 768 allotted fit").isEqualTo(503);
        host.memoryUsedMib.clear(); // unreadable now: charged its allotment again
        host.beat();
        assertThat(launch("farm-heavy-user2").statusCode()).isEqualTo(200);
        assertThat(usedMib(host)).containsOnlyNulls();
    }

    @Test
    void theHostWithTheMostRoomByUseGetsTheGuest() throws IOException {
        FakeFarmHost a = host("farm-use-a", 1200);
        a.beat();
        launch("farm-use-user1");
        a.guests.keySet().forEach(g -> a.memoryUsedMib.put(g, 100));
        a.beat();
        // By use a has 1100 MiB left and b 1000; by allotment a would have 816.
        FakeFarmHost b = host("farm-use-b", 1000);
        b.beat();

        launch("farm-use-user2");

        assertThat(a.guests).hasSize(2);
        assertThat(b.guests).isEmpty();
    }

    @Test
    void aDrainedHostGetsNoNewSessionsUntilUndrained() throws IOException {
        FakeFarmHost a = host("farm-drain-a", 2000);
        FakeFarmHost b = host("farm-drain-b", 1000);
        a.beat();
        b.beat();
        Http api = new Http(port);
        String admin = bearer(users.find("admin").orElseThrow());

        assertThat(api.postJson("/api/v1/admin/hosts/farm-drain-a/drain", "", "Authorization", admin).body())
                .contains("\"state\":\"DRAINING\"");
        launch("farm-drain-user1");
        launch("farm-drain-user2");
        assertThat(a.guests).isEmpty();
        assertThat(b.guests).hasSize(2);

        api.postJson("/api/v1/admin/hosts/farm-drain-a/undrain", "", "Authorization", admin);
        launch("farm-drain-user3");
        assertThat(a.guests).hasSize(1);
        assertThat(api.postJson("/api/v1/admin/hosts/no-such-host/drain", "", "Authorization", admin).statusCode())
                .isEqualTo(404);
        assertThat(api.postJson("/api/v1/admin/hosts/farm-drain-a/drain", "", "Authorization",
                bearer(user("farm-plain-user"))).statusCode()).isEqualTo(403);
        assertThat(audit("host.drained", "farm-drain-a")).isEqualTo(1);
    }

    @Test
    void aHostThatDiedSinceItsLastHeartbeatIsPassedOverAndTheLaunchLandsOnTheNext() throws IOException {
        FakeFarmHost dead = host("farm-dead", 4000);
        FakeFarmHost alive = host("farm-alive", 1000);
        dead.beat();
        alive.beat();
        dead.close(); // still UP for the server: it has not missed its heartbeats for long yet

        var launched = launch("farm-dead-user");

        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);
        assertThat(alive.guests).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM sessions s JOIN hosts h ON h.id = s.host_id "
                        + "WHERE h.name = 'farm-dead' AND s.state = 'FAILED' AND s.failure_reason LIKE '%cannot be reached%'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void guestStatesReachTheSessionsByHeartbeat() throws IOException {
        FakeFarmHost host = host("farm-states", 1000);
        host.beat();
        UUID session = sessionId(launch("farm-states-user"));
        String guest = host.guests.keySet().iterator().next();

        assertThat(state(session)).isEqualTo("STARTING");
        host.run(guest);
        host.beat();
        assertThat(state(session)).isEqualTo("RUNNING");
        host.guests.put(guest, new String[] {"FAILED", "farm-states-user", java.time.Instant.now().toString()});
        host.beat();
        assertThat(state(session)).isEqualTo("FAILED");
    }

    @Test
    void aSilentHostGoesDownItsSessionsAreLostAndOnItsReturnItFencesFirst() throws IOException {
        FakeFarmHost host = host("farm-silent", 1000);
        host.beat();
        UserAccount user = user("farm-silent-user");
        UUID session = sessionId(launch("farm-silent-user"));
        String guest = host.guests.keySet().iterator().next();
        host.run(guest);
        host.beat();

        // The host falls silent: its last heartbeat ages past ventana.hosts.down-after (15 s).
        jdbc.sql("UPDATE hosts SET last_heartbeat_at = now() - interval '1 minute' WHERE name = ?").param(host.name()).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> "LOST".equals(state(session)));

        assertThat(hostState(host)).isEqualTo("DOWN");
        var ticket = new Http(port).postJson("/api/v1/sessions/" + session + "/tickets", "", "Authorization", bearer(user));
        assertThat(ticket.statusCode()).isEqualTo(409);
        assertThat(ticket.body()).contains("stopped responding", "lost", "Open the desktop again");
        assertThat(audit("host.down", host.name())).isEqualTo(1);
        assertThat(audit("session.ended", session.toString())).isEqualTo(1);
        // The user may start again at once (on another host, or this one once it is back and fenced).
        FakeFarmHost other = host("farm-silent-other", 1000);
        other.beat();
        assertThat(launch("farm-silent-user").statusCode()).isEqualTo(200);
        assertThat(other.guests).hasSize(1);

        // Back, still running the lost session's guest: told to end it, and given no work meanwhile.
        var back = host.beat();
        assertThat(back.body()).contains("\"fence\":[\"" + guest + "\"]", "\"state\":\"FENCING\"");
        assertThat(hostState(host)).isEqualTo("FENCING");
        host.guests.remove(guest);
        assertThat(host.beat().body()).contains("\"fence\":[]", "\"state\":\"UP\"");
        assertThat(audit("host.back", host.name())).isEqualTo(1);
    }

    @Test
    void aGuestNoSessionKnowsIsEndedOnceItIsOldEnough() throws IOException {
        FakeFarmHost host = host("farm-stray", 1000);
        host.guests.put("g-stray-old", new String[] {"RUNNING", "nobody", java.time.Instant.now().minusSeconds(120).toString()});
        host.guests.put("g-stray-new", new String[] {"RUNNING", "nobody", java.time.Instant.now().toString()});

        assertThat(host.beat().body()).contains("\"fence\":[\"g-stray-old\"]");
    }

    /** A heartbeat's "images" listing the pool's published version. */
    private String poolVersionJson() {
        String sha = jdbc.sql("SELECT v.sha256 FROM image_versions v JOIN desktop_pools p ON p.current_version_id = v.id"
                + " WHERE p.name = ?").param(pool).query(String.class).single();
        return "[{\"image\":\"" + pool + "\",\"id\":\"v\",\"sha256\":\"" + sha
                + "\",\"cmdline\":\"\",\"screenWidth\":720,\"screenHeight\":400}]";
    }

    private FakeFarmHost host(String name, long capacityMib) throws IOException {
        FakeFarmHost host = new FakeFarmHost(name, capacityMib, port, TOKEN);
        hosts.add(host);
        return host;
    }

    private HttpResponse<String> launch(String username) {
        return new Http(port).postJson("/api/v1/desktops/" + pool + "/sessions", "", "Authorization", bearer(user(username)));
    }

    private UserAccount user(String username) {
        return userAccount(username, username, username + " password");
    }

    private String bearer(UserAccount user) {
        return "Bearer " + tokens.issue(user).token();
    }

    private static UUID sessionId(HttpResponse<String> launched) {
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);
        return UUID.fromString(launched.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
    }

    private String state(UUID session) {
        return jdbc.sql("SELECT state FROM sessions WHERE id = ?").param(session).query(String.class).single();
    }

    private List<Integer> usedMib(FakeFarmHost host) {
        return jdbc.sql("SELECT s.memory_used_mib FROM sessions s JOIN hosts h ON h.id = s.host_id WHERE h.name = ?"
                + " AND s.state NOT IN ('STOPPED', 'FAILED', 'LOST')").param(host.name()).query(Integer.class).list();
    }

    private String hostState(FakeFarmHost host) {
        return jdbc.sql("SELECT state FROM hosts WHERE name = ?").param(host.name()).query(String.class).single();
    }

    private int audit(String action, String target) {
        return jdbc.sql("SELECT count(*) FROM audit_events WHERE action = ? AND target = ?").params(action, target)
                .query(Integer.class).single();
    }
}
