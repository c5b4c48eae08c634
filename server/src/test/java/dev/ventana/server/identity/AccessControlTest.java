package dev.ventana.server.identity;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccessControlTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        userAccount("plain-user", "Plain", "plain user password");
    }

    @Test
    void aUserGets403OnAdminPages() {
        Http browser = signedIn("plain-user", "plain user password");

        assertThat(browser.get("/admin/users").statusCode()).isEqualTo(403);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminReachesAdminPages() {
        Http browser = signedIn("admin", ADMIN_PASSWORD);

        assertThat(browser.get("/admin/users").statusCode()).isEqualTo(200);
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() {
        var response = new Http(port).get("/admin/users");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void aUserGets403OnAdminApiCalls() {
        String token = bearer("plain-user");
        Http api = new Http(port);

        var list = api.get("/api/v1/admin/users", "Authorization", token);
        var create = api.postJson("/api/v1/admin/users",
                "{\"username\":\"sneaky\",\"displayName\":\"S\",\"password\":\"sneaky password\",\"roles\":[\"ADMIN\"]}",
                "Authorization", token);

        assertThat(list.statusCode()).isEqualTo(403);
        assertThat(list.body()).contains("\"error\":\"FORBIDDEN\"");
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(users.find("sneaky")).isEmpty();
    }

    @Test
    void anAdminManagesUsersThroughTheApi() {
        String token = bearer("admin");
        Http api = new Http(port);

        var created = api.postJson("/api/v1/admin/users",
                "{\"username\":\"api-made\",\"displayName\":\"Api Made\",\"password\":\"first password\",\"roles\":[\"USER\"]}",
                "Authorization", token);
        var duplicate = api.postJson("/api/v1/admin/users",
                "{\"username\":\"api-made\",\"displayName\":\"Again\",\"password\":\"first password\",\"roles\":[\"USER\"]}",
                "Authorization", token);
        var badName = api.postJson("/api/v1/admin/users",
                "{\"username\":\"Bad Name!\",\"displayName\":\"x\",\"password\":\"first password\",\"roles\":[\"USER\"]}",
                "Authorization", token);
        var promoted = api.putJson("/api/v1/admin/users/api-made/roles", "{\"roles\":[\"USER\",\"ADMIN\"]}",
                "Authorization", token);
        var reset = api.postJson("/api/v1/admin/users/api-made/password", "{\"password\":\"second password\"}",
                "Authorization", token);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(promoted.statusCode()).isEqualTo(200);
        assertThat(users.find("api-made").orElseThrow().roles()).containsExactlyInAnyOrder(Role.USER, Role.ADMIN);
        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(new Http(port).postJson("/api/v1/auth/token",
                "{\"username\":\"api-made\",\"password\":\"second password\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedRoleTakesEffectBeforeTheTokenExpires() {
        users.create(new NewUser("demoted", "Demoted", "demoted password", Set.of(Role.USER, Role.ADMIN)), "test");
        String token = bearer("demoted");
        Http api = new Http(port);
        assertThat(api.get("/api/v1/admin/users", "Authorization", token).statusCode()).isEqualTo(200);

        users.setRoles("demoted", Set.of(Role.USER), "test");

        assertThat(api.get("/api/v1/admin/users", "Authorization", token).statusCode()).isEqualTo(403);
    }

    /** A browser keeps its session for hours: a revocation must not wait for it to end. */
    @Test
    void aRevokedRoleOrADisabledAccountTakesEffectInASignedInBrowserAtOnce() {
        users.create(new NewUser("demoted-browser", "Demoted", "demoted browser password", Set.of(Role.USER, Role.ADMIN)),
                "test");
        Http browser = signedIn("demoted-browser", "demoted browser password");
        assertThat(browser.get("/api/v1/admin/users", "X-Ventana-Request", "1").statusCode()).isEqualTo(200);
        assertThat(browser.get("/admin/users").statusCode()).isEqualTo(200);

        users.setRoles("demoted-browser", Set.of(Role.USER), "test");

        assertThat(browser.get("/api/v1/admin/users", "X-Ventana-Request", "1").statusCode()).isEqualTo(403);
        assertThat(browser.get("/admin/users").statusCode()).isEqualTo(403);
        assertThat(browser.get("/api/v1/me", "X-Ventana-Request", "1").body()).contains("\"demoted-browser\"");

        users.setRoles("demoted-browser", Set.of(Role.USER, Role.ADMIN), "test");
        assertThat(browser.get("/admin/users").statusCode()).as("given back: with the next sign-in").isEqualTo(403);
        assertThat(signedIn("demoted-browser", "demoted browser password").get("/admin/users").statusCode()).isEqualTo(200);

        jdbc.sql("UPDATE users SET enabled = false WHERE username = 'demoted-browser'").update();

        assertThat(browser.get("/api/v1/me", "X-Ventana-Request", "1").statusCode()).isEqualTo(401);
        assertThat(browser.get("/").statusCode()).as("sent to sign in").isEqualTo(302);
    }

    private String bearer(String username) {
        return "Bearer " + tokens.issue(users.find(username).orElseThrow()).token();
    }

    private Http signedIn(String username, String password) {
        Http browser = new Http(port);
        var response = browser.postForm("/login", Map.of("username", username, "password", password));
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        return browser;
    }
}
