package dev.ventana.server.gateway;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.WebSocketProbe;
import dev.ventana.server.identity.ApiTokens;
import dev.ventana.server.identity.UserAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tickets and the display WebSocket's refusals, against sessions whose host cannot be reached
 * (the relay itself is RelayTest, against a scripted host; with a real host and guest, DesktopEndToEndIT).
 */
class GatewayTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    Tickets tickets;
    @Autowired
    JdbcClient jdbc;

    UserAccount owner;
    UserAccount stranger;

    @BeforeEach
    void users() {
        owner = userAccount("ticket-owner", "Owner", "ticket owner password");
        stranger = userAccount("ticket-stranger", "Stranger", "ticket stranger password");
    }

    @Test
    void theOwnerGetsATicketAndNobodyElseDoes() {
        UUID session = runningSession(owner);
        Http api = new Http(port);

        var mine = api.postJson("/api/v1/sessions/" + session + "/tickets", "", "Authorization", bearer(owner));
        var theirs = api.postJson("/api/v1/sessions/" + session + "/tickets", "", "Authorization", bearer(stranger));
        UUID unknownId = UUID.randomUUID();
        var unknown = api.postJson("/api/v1/sessions/" + unknownId + "/tickets", "", "Authorization", bearer(owner));
        var anonymous = api.postJson("/api/v1/sessions/" + session + "/tickets", "");

        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).containsPattern("\"ticket\":\"[A-Za-z0-9_-]{43}\"");
        assertThat(theirs.statusCode()).as("the same answer as for an unknown session").isEqualTo(404);
        assertThat(theirs.body()).isEqualTo(unknown.body().replace(unknownId.toString(), session.toString()));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void theViewerPageGetsTicketsWithTheSessionCookieOnlyWithItsHeader() {
        UUID session = runningSession(owner);
        Http browser = new Http(port);
        browser.postForm("/login", Map.of("username", "ticket-owner", "password", "ticket owner password"));

        var forged = browser.postJson("/api/v1/sessions/" + session + "/tickets", "");
        var viewer = browser.postJson("/api/v1/sessions/" + session + "/tickets", "", "X-Ventana-Request", "viewer");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(viewer.statusCode()).isEqualTo(200);
    }

    @Test
    void anEndedSessionGetsNoTicket() {
        UUID session = runningSession(owner);
        jdbc.sql("UPDATE sessions SET state = 'STOPPED', ended_at = now() WHERE id = ?").param(session).update();

        var response = new Http(port).postJson("/api/v1/sessions/" + session + "/tickets", "", "Authorization", bearer(owner));

        assertThat(response.statusCode()).isEqualTo(409);
    }

    @Test
    void aWrongTicketIsRefusedWithItsCloseCode() {
        assertThat(connect("not-a-ticket").awaitClose()).isEqualTo(new WebSocketProbe.Close(4401, "UNAUTHORIZED"));
        assertThat(connect("A".repeat(43)).awaitClose()).isEqualTo(new WebSocketProbe.Close(4401, "UNAUTHORIZED"));
        assertThat(connect("").awaitClose().code()).isEqualTo(4401);
    }

    @Test
    void aTicketWorksOnceAndAHostThatCannotBeReachedIsAnUpstreamFailure() {
        UUID session = runningSession(owner);
        String ticket = tickets.issue(session, owner.id()).ticket();

        assertThat(connect(ticket).awaitClose()).isEqualTo(new WebSocketProbe.Close(4502, "UPSTREAM_FAILED"));
        assertThat(connect(ticket).awaitClose()).isEqualTo(new WebSocketProbe.Close(4401, "UNAUTHORIZED"));
    }

    @Test
    void anExpiredTicketIsRefused() {
        UUID session = runningSession(owner);
        Clock aMinuteAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(1)), ZoneOffset.UTC);
        String expired = new Tickets(jdbc, aMinuteAgo).issue(session, owner.id()).ticket();

        assertThat(connect(expired).awaitClose()).isEqualTo(new WebSocketProbe.Close(4401, "UNAUTHORIZED"));
    }

    @Test
    void aTicketOfAnEndedSessionClosesNormally() {
        UUID session = runningSession(owner);
        String ticket = tickets.issue(session, owner.id()).ticket();
        jdbc.sql("UPDATE sessions SET state = 'STOPPED', ended_at = now() WHERE id = ?").param(session).update();

        assertThat(connect(ticket).awaitClose()).isEqualTo(new WebSocketProbe.Close(1000, "SESSION_ENDED"));
    }

    private WebSocketProbe connect(String ticket) {
        return new WebSocketProbe(URI.create("ws://localhost:" + port + "/ws/display?ticket=" + ticket));
    }

    private String bearer(UserAccount user) {
        return "Bearer " + tokens.issue(user).token();
    }

    /** A RUNNING session on a host whose agent does not answer (port 1 on loopback). */
    @Test
    void aViewerWaitsForItsStartingDesktopAndGetsTheTicketTheMomentItRuns() throws Exception {
        UUID session = runningSession(owner);
        jdbc.sql("UPDATE sessions SET state = 'STARTING', started_at = NULL WHERE id = ?").param(session).update();
        Http api = new Http(port);
        String path = "/api/v1/sessions/" + session + "/tickets";

        assertThat(api.postJson(path + "?wait=26", "", "Authorization", bearer(owner)).statusCode()).isEqualTo(400);
        assertThat(api.postJson(path + "?wait=-1", "", "Authorization", bearer(owner)).statusCode()).isEqualTo(400);
        assertThat(api.postJson(path, "", "Authorization", bearer(owner)).statusCode()).as("no wait").isEqualTo(202);
        var stillStarting = api.postJson(path + "?wait=1", "", "Authorization", bearer(owner));
        assertThat(stillStarting.statusCode()).as("waited a second, then told it still starts").isEqualTo(202);
        assertThat(stillStarting.body()).contains("STARTING");
        assertThat(api.postJson(path + "?wait=5", "", "Authorization", bearer(stranger)).statusCode())
                .as("a stranger is refused before any wait").isEqualTo(404);

        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> api.postJson(path + "?wait=20", "", "Authorization", bearer(owner)));
        Thread.sleep(500);
        assertThat(waiting).as("held while the desktop starts").isNotDone();
        // Another server of the farm records the start: this one notices within its poll.
        jdbc.sql("UPDATE sessions SET state = 'RUNNING', started_at = now() WHERE id = ?").param(session).update();
        var ticket = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ticket.statusCode()).isEqualTo(200);
        assertThat(ticket.body()).containsPattern("\"ticket\":\"[A-Za-z0-9_-]{43}\"");
    }

    private UUID runningSession(UserAccount user) {
        return new RunningSessions(jdbc).create(user, URI.create("http://127.0.0.1:1/" + UUID.randomUUID()));
    }
}
