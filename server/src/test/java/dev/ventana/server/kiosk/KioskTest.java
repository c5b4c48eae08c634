package dev.ventana.server.kiosk;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.identity.ApiTokens;
import dev.ventana.server.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Kiosk start addresses against the server without a host (the desktop itself is DesktopEndToEndIT). */
class KioskTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    @BeforeEach
    void account() {
        userAccount("lobby-terminal", "Lobby", "lobby terminal password");
    }

    @Test
    void aRegisteredKioskSignsInWithItsKeyAlone() {
        String path = register("lobby-" + System.nanoTime() % 100000);
        Http terminal = new Http(port);

        var start = terminal.get(path);

        // No host has the default image here, so the desktop cannot start; the sign-in did.
        assertThat(start.statusCode()).as(start.body()).isEqualTo(503);
        assertThat(start.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(start.body()).contains("no image version published").contains("http-equiv=\"refresh\"");
        var desktops = terminal.get("/api/v1/desktops");
        assertThat(desktops.statusCode()).isEqualTo(200);
        assertThat(desktops.body()).contains("\"pool\":\"desktop\"");
    }

    @Test
    void aWrongKeySignsNobodyIn() {
        Http terminal = new Http(port);

        var start = terminal.get("/kiosk/" + "x".repeat(43));

        assertThat(start.statusCode()).isEqualTo(401);
        assertThat(start.body()).contains("not registered");
        assertThat(terminal.get("/api/v1/desktops").statusCode()).isEqualTo(401);
    }

    @Test
    void onlyAnAdminRegistersKiosks() {
        String user = "Bearer " + tokens.issue(users.find("lobby-terminal").orElseThrow()).token();
        var refused = new Http(port).postJson("/api/v1/admin/kiosks",
                "{\"name\":\"sneaky\",\"username\":\"lobby-terminal\",\"pool\":\"desktop\"}", "Authorization", user);
        var unknownUser = new Http(port).postJson("/api/v1/admin/kiosks",
                "{\"name\":\"ghost\",\"username\":\"nobody-at-all\",\"pool\":\"desktop\"}", "Authorization", admin());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(unknownUser.statusCode()).isEqualTo(404);
    }

    @Test
    void theKeyIsShownOnceAndNeverListed() {
        String name = "hall-" + System.nanoTime() % 100000;
        String path = register(name);

        var list = new Http(port).get("/api/v1/admin/kiosks", "Authorization", admin());

        assertThat(list.body()).contains("\"name\":\"" + name + "\"").doesNotContain(path.substring("/kiosk/".length()));
    }

    /** A kiosk's address is a password-less sign-in: it must never be an administrator's. */
    @Test
    void noKioskSignsInAsAnAdministrator() {
        var refused = new Http(port).postJson("/api/v1/admin/kiosks",
                "{\"name\":\"console\",\"username\":\"admin\",\"pool\":\"desktop\"}", "Authorization", admin());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("administrator");

        userAccount("promoted-terminal", "Promoted", "promoted terminal password");
        String path = register("promoted-" + System.nanoTime() % 100000, "promoted-terminal");
        users.setRoles("promoted-terminal", Set.of(Role.USER, Role.ADMIN), "test");
        Http terminal = new Http(port);

        assertThat(terminal.get(path).statusCode()).as("promoted after registration").isEqualTo(403);
        assertThat(terminal.get("/api/v1/admin/users").statusCode()).as("not signed in").isEqualTo(401);
    }

    private String register(String name) {
        return register(name, "lobby-terminal");
    }

    private String register(String name, String username) {
        var response = new Http(port).postJson("/api/v1/admin/kiosks",
                "{\"name\":\"" + name + "\",\"username\":\"" + username + "\",\"pool\":\"desktop\"}",
                "Authorization", admin());
        assertThat(response.statusCode()).isEqualTo(201);
        Matcher path = Pattern.compile("\"startPath\":\"(/kiosk/[A-Za-z0-9_-]{43})\"").matcher(response.body());
        assertThat(path.find()).as(response.body()).isTrue();
        return path.group(1);
    }

    private String admin() {
        return "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token();
    }
}
