package dev.ventana.server.gateway;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.WebSocketProbe;
import dev.ventana.server.audit.AuditEvent;
import dev.ventana.server.audit.AuditTrail;
import dev.ventana.server.identity.ApiTokens;
import dev.ventana.server.identity.UserAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadowing through the gateway, against a host endpoint the test plays (a host that ignores the
 * mode, so the gateway's own filter is what is tested): the admin endpoint, the relay that passes
 * on only what keeps the display flowing, the notice the user's viewer gets while a shadow
 * watches, and the audit trail. With a real host, guest and Chromium: ShadowingIT.
 */
class ShadowTest extends ServerTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    Tickets tickets;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditTrail audit;

    FakeHostDisplay host;
    UserAccount owner;
    UserAccount admin;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHostDisplay();
        owner = userAccount("shadowed-user", "Shadowed", "shadowed user password");
        admin = users.find("admin").orElseThrow();
    }

    @AfterEach
    void tearDown() throws IOException {
        host.close();
    }

    @Test
    void onlyAnAdminGetsAShadowTicketAndOnlyForARunningSession() {
        UUID session = runningSession();
        Http api = new Http(port);

        var adminAsks = api.postJson(shadowPath(session), "", "Authorization", bearer(admin));
        var ownerAsks = api.postJson(shadowPath(session), "", "Authorization", bearer(owner));
        var unknown = api.postJson(shadowPath(UUID.randomUUID()), "", "Authorization", bearer(admin));
        var anonymous = api.postJson(shadowPath(session), "");
        jdbc.sql("UPDATE sessions SET state = 'STOPPED', ended_at = now() WHERE id = ?").param(session).update();
        var ended = api.postJson(shadowPath(session), "", "Authorization", bearer(admin));
        UUID starting = runningSession();
        jdbc.sql("UPDATE sessions SET state = 'STARTING' WHERE id = ?").param(starting).update();
        var notYet = api.postJson(shadowPath(starting), "", "Authorization", bearer(admin));

        assertThat(adminAsks.statusCode()).isEqualTo(200);
        assertThat(adminAsks.body()).containsPattern("\"ticket\":\"[A-Za-z0-9_-]{43}\"").contains("\"expiresAt\"");
        assertThat(ownerAsks.statusCode()).as("not even the session's own user").isEqualTo(403);
        assertThat(ownerAsks.body()).contains("\"error\":\"FORBIDDEN\"");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(ended.statusCode()).isEqualTo(409);
        assertThat(ended.body()).contains("\"error\":\"CONFLICT\"");
        assertThat(notYet.statusCode()).isEqualTo(409);
        assertThat(api.get("/v3/api-docs").body()).contains("/api/v1/admin/sessions/{id}/shadow");
    }

    @Test
    void theAdminsViewerPageGetsItWithTheSessionCookieOnlyWithItsHeader() {
        UUID session = runningSession();
        Http browser = new Http(port);
        browser.postForm("/login", Map.of("username", "admin", "password", ADMIN_PASSWORD));

        assertThat(browser.postJson(shadowPath(session), "").statusCode()).isEqualTo(403);
        assertThat(browser.postJson(shadowPath(session), "", "X-Ventana-Request", "viewer").statusCode()).isEqualTo(200);
    }

    @Test
    void aShadowsInputStopsAtTheGatewayWhileTheUserIsToldAnAdministratorWatches() throws Exception {
        UUID session = runningSession();
        WebSocketProbe user = connect(tickets.issue(session, owner.id()).ticket());
        FakeHostDisplay.Connection userHost = host.accept(WAIT);
        assertThat(userHost.path).endsWith("/display/guest-1");

        WebSocketProbe shadow = connect(shadowTicket(session));
        FakeHostDisplay.Connection shadowHost = host.accept(WAIT);
        assertThat(shadowHost.path).endsWith("/display/guest-1?mode=shadow");
        List<byte[]> sent = List.of(
                new byte[] {(byte) 0x81, 1, 0}, // HELLO
                new byte[] {(byte) 0x82, 1, 0, 0x1e}, // KEY
                new byte[] {(byte) 0x83, 0, 5, 0, 5, 1}, // POINTER
                new byte[] {(byte) 0x84, 0, 1}, // WHEEL
                new byte[] {(byte) 0x90}, // a type of a newer browser
                new byte[] {(byte) 0x85, 0, 0, 0, 1}, // FRAME_ACK
                new byte[] {(byte) 0x86, 0, 0, 0, 7}, // PING
                new byte[] {(byte) 0x87}); // REFRESH
        for (byte[] m : sent) {
            shadow.socket().sendBinary(ByteBuffer.wrap(m), true).join();
        }

        await("the WATCHED notice in the user's viewer").atMost(WAIT)
                .until(() -> notices(user).stream().anyMatch(n -> n.contains("\"kind\":\"WATCHED\"")));
        assertThat(notices(user)).anySatisfy(n -> assertThat(n).contains("\"id\":\"watched\"")
                .contains("\"level\":\"info\"").contains("An administrator is watching this session."));
        assertThat(notices(shadow)).as("the shadow is greeted with the session's notices")
                .anySatisfy(n -> assertThat(n).contains("\"kind\":\"WATCHED\""));

        shadow.socket().sendClose(1000, "").join();
        List<byte[]> reached = new ArrayList<>();
        for (byte[] m = shadowHost.readMessage(); m != null; m = shadowHost.readMessage()) {
            reached.add(m);
        }
        assertThat(reached).as("only what keeps the display flowing")
                .containsExactly(sent.get(0), sent.get(5), sent.get(6), sent.get(7));

        await("the notice cleared").atMost(WAIT)
                .until(() -> notices(user).stream().anyMatch(n -> n.equals("{\"id\":\"watched\",\"cleared\":true}")));
        List<AuditEvent> trail = audit.recent(50).stream().filter(e -> session.toString().equals(e.target())).toList();
        assertThat(trail).extracting(AuditEvent::action).containsSubsequence("session.shadow_ended", "session.shadow_started");
        assertThat(trail).filteredOn(e -> e.action().startsWith("session.shadow")).extracting(AuditEvent::actor)
                .containsOnly("admin");

        // The user's own viewer was neither taken over nor filtered.
        user.socket().sendBinary(ByteBuffer.wrap(sent.get(1)), true).join();
        assertThat(userHost.readMessage()).isEqualTo(sent.get(1));
        user.socket().sendClose(1000, "").join();
    }

    @Test
    void twoShadowsKeepTheNoticeUntilTheLastOneGoes() throws Exception {
        UUID session = runningSession();
        WebSocketProbe first = connect(shadowTicket(session));
        host.accept(WAIT);
        WebSocketProbe second = connect(shadowTicket(session));
        host.accept(WAIT);
        await().atMost(WAIT).until(() -> showing(session));

        first.socket().sendClose(1000, "").join();
        first.awaitClose();
        Thread.sleep(500);
        assertThat(showing(session)).as("one shadow still watches").isTrue();
        second.socket().sendClose(1000, "").join();
        await().atMost(WAIT).until(() -> !showing(session));
    }

    private boolean showing(UUID session) {
        return jdbc.sql("SELECT count(*) FROM session_notices WHERE session_id = ? AND notice_id = 'watched' AND NOT cleared")
                .param(session).query(Integer.class).single() == 1;
    }

    /** The NOTICE messages (0x20) a viewer got so far, as their JSON. */
    private static List<String> notices(WebSocketProbe viewer) {
        return viewer.received().stream().filter(m -> m.length > 0 && m[0] == 0x20)
                .map(m -> new String(m, 1, m.length - 1, StandardCharsets.UTF_8)).toList();
    }

    private String shadowTicket(UUID session) {
        var response = new Http(port).postJson(shadowPath(session), "", "Authorization", bearer(admin));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"ticket\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private WebSocketProbe connect(String ticket) {
        return new WebSocketProbe(URI.create("ws://localhost:" + port + "/ws/display?ticket=" + ticket));
    }

    private static String shadowPath(UUID session) {
        return "/api/v1/admin/sessions/" + session + "/shadow";
    }

    private String bearer(UserAccount user) {
        return "Bearer " + tokens.issue(user).token();
    }

    private UUID runningSession() {
        return new RunningSessions(jdbc).create(owner, host.agentUrl().resolve("/" + UUID.randomUUID()));
    }
}
