package dev.ventana.server.access;

import dev.ventana.server.Http;
import dev.ventana.server.WebSocketProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The display WebSocket's half of the matrix: {@code /ws/display?ticket=} as each principal's
 * browser opens it (its cookies, or none). A ticket is the credential, single-use, and bound to
 * the user it was issued to: any other signed-in user's browser is refused. A ticket that gets
 * past the checks reaches the fake host, which has no display endpoint: 4502 UPSTREAM_FAILED
 * says the gateway let it through. Close codes: docs/protocol.md, "Errors".
 */
class DisplayTicketMatrixTest extends MatrixTest {
    private static final WebSocketProbe.Close UNAUTHORIZED = new WebSocketProbe.Close(4401, "UNAUTHORIZED");
    private static final WebSocketProbe.Close FORBIDDEN = new WebSocketProbe.Close(4403, "FORBIDDEN");
    private static final WebSocketProbe.Close LET_THROUGH = new WebSocketProbe.Close(4502, "UPSTREAM_FAILED");

    private final JsonMapper json = JsonMapper.builder().build();
    private MatrixFixture.Resources resources;
    /** Each principal's browser, as cookies; the anonymous one and the farm have none. */
    private Map<Principal, String> browsers;

    @BeforeEach
    void session() {
        resources = fixture.fresh();
        browsers = Map.of(
                Principal.ANONYMOUS, "",
                Principal.FARM, "",
                Principal.KIOSK, terminal.cookieHeader(),
                Principal.OTHER, signedIn(MatrixFixture.OTHER, MatrixFixture.PASSWORD),
                Principal.USER, signedIn(MatrixFixture.OWNER, MatrixFixture.PASSWORD),
                Principal.ADMIN, signedIn("admin", ADMIN_PASSWORD));
    }

    @AfterEach
    void retireSession() {
        fixture.retire(resources);
    }

    @Test
    void noTicketOrAWrongOneIsRefusedWhoeverAsks() {
        for (Principal who : Principal.values()) {
            assertThat(open(who, null)).as("no ticket, as " + who).isEqualTo(UNAUTHORIZED);
            assertThat(open(who, "A".repeat(43))).as("a wrong ticket, as " + who).isEqualTo(UNAUTHORIZED);
        }
    }

    @Test
    void theOwnersTicketOpensTheDisplayOnceInTheOwnersBrowser() {
        String ticket = ticket();

        assertThat(open(Principal.USER, ticket)).isEqualTo(LET_THROUGH);
        assertThat(open(Principal.USER, ticket)).as("reused").isEqualTo(UNAUTHORIZED);
    }

    /** A script holds no cookie: the ticket alone is its credential (docs/api.md, tickets). */
    @Test
    void theOwnersTicketAloneIsACredentialInABrowserSignedInAsNobody() {
        assertThat(open(Principal.ANONYMOUS, ticket())).isEqualTo(LET_THROUGH);
        assertThat(open(Principal.FARM, ticket())).as("the farm token does not matter to the gateway").isEqualTo(LET_THROUGH);
    }

    @Test
    void anotherSignedInUsersBrowserIsRefusedTheOwnersTicketAndBurnsIt() {
        for (Principal who : new Principal[] {Principal.OTHER, Principal.KIOSK, Principal.ADMIN}) {
            String ticket = ticket();

            assertThat(open(who, ticket)).as("the owner's ticket as " + who).isEqualTo(FORBIDDEN);
            assertThat(open(Principal.USER, ticket)).as("then by the owner: a stolen ticket is spent")
                    .isEqualTo(UNAUTHORIZED);
        }
    }

    @Test
    void anAdminsShadowTicketIsTheAdminsAlone() {
        for (Principal who : new Principal[] {Principal.USER, Principal.OTHER, Principal.KIOSK}) {
            assertThat(open(who, shadowTicket())).as("the admin's shadow ticket as " + who).isEqualTo(FORBIDDEN);
        }
        assertThat(open(Principal.ADMIN, shadowTicket())).isEqualTo(LET_THROUGH);
    }

    private WebSocketProbe.Close open(Principal who, String ticket) {
        URI uri = URI.create("ws://localhost:" + port + "/ws/display" + (ticket == null ? "" : "?ticket=" + ticket));
        String cookies = browsers.get(who);
        String authorization = callers.authorization(who);
        WebSocketProbe probe;
        if (!cookies.isEmpty()) {
            probe = new WebSocketProbe(uri, "Cookie", cookies);
        } else if (authorization != null) {
            probe = new WebSocketProbe(uri, "Authorization", authorization);
        } else {
            probe = new WebSocketProbe(uri);
        }
        return probe.awaitClose();
    }

    private String ticket() {
        return ticketFrom(Principal.USER, "/api/v1/sessions/" + resources.session() + "/tickets");
    }

    private String shadowTicket() {
        return ticketFrom(Principal.ADMIN, "/api/v1/admin/sessions/" + resources.session() + "/shadow");
    }

    private String ticketFrom(Principal who, String path) {
        HttpResponse<String> response = callers.call(who, "POST", path, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("ticket").asString();
    }

    private String signedIn(String username, String password) {
        Http browser = new Http(port);
        browser.postForm("/login", Map.of("username", username, "password", password));
        String cookies = browser.cookieHeader();
        assertThat(cookies).as("signed in as " + username).isNotEmpty();
        return cookies;
    }
}
