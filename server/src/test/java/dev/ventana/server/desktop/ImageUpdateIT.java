package dev.ventana.server.desktop;

import dev.ventana.server.Browser;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.audit.AuditEvent;
import dev.ventana.server.audit.AuditTrail;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import dev.ventana.server.identity.UserDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin's whole story of a golden image update on the tiny image, end to end: a real session
 * host (on images of its own, since sealing writes a version), real QEMU guests, two Chromiums.
 * The admin clicks Update, types a new message of the day into the maintenance guest, seals it and
 * publishes it; a user's session started before keeps its version and is told; the user's next
 * session shows the change; rollback the same way; the user's file on the data disk is there in
 * every session. A second test covers the refusals and Discard through the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256", "ventana.admin-password=" + ImageUpdateIT.ADMIN_PASSWORD})
class ImageUpdateIT {
    static final String ADMIN_PASSWORD = "image update admin password";
    private static final String PASSWORD = "image update user password";
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration SOON = Duration.ofSeconds(30);
    private static final String MOTD = "hello-maint";
    static SessionHostProcess host;
    static String v0;

    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditTrail audit;

    @DynamicPropertySource
    static void farm(DynamicPropertyRegistry registry) throws Exception {
        Path images = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "update-images-");
        v0 = SessionHostProcess.linkCurrentVersion("tiny", images);
        host = SessionHostProcess.startFor(registry, "update-", images);
    }

    @AfterAll
    static void stopHost() {
        if (host != null) {
            host.close();
            host = null;
        }
    }

    @Test
    void theAdminUpdatesTheImageInTheBrowserAndEveryNewSessionGetsItWhileOldOnesKeepTheirs() throws Exception {
        host.awaitJoined(jdbc);
        users.create(new NewUser("ursula", "Ursula", PASSWORD, Set.of(Role.USER)), "test");
        UserApi api = new UserApi(port, "ursula", PASSWORD);
        try (Browser userBrowser = new Browser(); Browser adminBrowser = new Browser()) {
            ViewerPage user = new ViewerPage(userBrowser.driver());
            user.signInToPortal(base(), "ursula", PASSWORD);
            user.openDesktop("Launch");
            String before = ViewerPage.session(userBrowser.driver().getCurrentUrl());
            user.awaitState("connected", BOOT);
            CanvasWait userScreen = new CanvasWait(user, userBrowser, "update-user");
            userScreen.awaitText("ventana#", BOOT);
            command(userBrowser.driver(), userScreen, "echo kept > /data/mine");
            command(userBrowser.driver(), userScreen, "sync");
            assertThat(userScreen.text()).doesNotContain(MOTD);

            // Update: the maintenance guest opens in the admin's viewer like any desktop.
            ConsolePage console = new ConsolePage(adminBrowser, base());
            console.signIn("admin", ADMIN_PASSWORD);
            console.open("Images");
            console.click("update-tiny-" + v0);
            WebDriver adminPage = adminBrowser.driver();
            console.waiting().until(ExpectedConditions.urlContains("/viewer/"));
            String maintenance = ViewerPage.session(adminPage.getCurrentUrl());
            ViewerPage admin = new ViewerPage(adminPage);
            admin.awaitState("connected", BOOT);
            CanvasWait adminScreen = new CanvasWait(admin, adminBrowser, "update-admin");
            adminScreen.awaitText("ventana#", BOOT);
            command(adminPage, adminScreen, "echo " + MOTD + " > /etc/ventana-motd");
            command(adminPage, adminScreen, "sync");
            command(adminPage, adminScreen, "ls /data"); // empty: a maintenance guest has no user's data disk
            type(adminPage, "cat /etc/ventana-motd");
            adminScreen.awaitLastLines(List.of("ventana# cat /etc/ventana-motd", MOTD, "ventana#"), SOON);

            // Closing the tab keeps it; Seal in the console makes the new version.
            adminPage.get(base() + "/admin/images");
            console.awaitInGrid("maintenance", List.of("tiny", v0, "admin"));
            adminBrowser.screenshot("update-console-maintenance");
            assertThat(jdbc.sql("SELECT state FROM sessions WHERE id = ?::uuid").param(maintenance).query(String.class)
                    .single()).isEqualTo("RUNNING");
            console.openDialog("seal-tiny", "seal-title");
            console.type("seal-title", "Hello motd");
            console.type("seal-note", "a greeting at start");
            console.click("seal-confirm");
            console.awaitInGrid("versions", List.of("Hello motd", "maintenance on " + v0));
            String v1 = jdbc.sql("SELECT label FROM image_versions WHERE title = 'Hello motd'").query(String.class).single();
            assertThat(console.gridText("maintenance")).doesNotContain(v0);

            publish(console, v1);
            assertThat(UserApi.field(api.get("/api/v1/sessions/" + before).body(), "imageVersion")).isEqualTo(v0);
            await("the update notice in the running session").atMost(SOON).pollInterval(Duration.ofMillis(250))
                    .until(() -> user.notices().stream().anyMatch(n -> n.kind().equals("IMAGE_UPDATE")));
            assertThat(userScreen.text()).as("the running session keeps its version").doesNotContain(MOTD);
            userBrowser.screenshot("update-old-session-told");

            // The user's next session is on the new version, with their file.
            String after = relaunch(api, user, userBrowser, before);
            assertThat(UserApi.field(api.get("/api/v1/sessions/" + after).body(), "imageVersion")).isEqualTo(v1);
            CanvasWait afterScreen = new CanvasWait(user, userBrowser, "update-after");
            afterScreen.awaitText(MOTD, BOOT);
            afterScreen.awaitText("ventana#", BOOT);
            type(userBrowser.driver(), "cat /data/mine");
            afterScreen.awaitLastLines(List.of("ventana# cat /data/mine", "kept", "ventana#"), SOON);

            // Rollback: the older version, published the same way.
            adminPage.get(base() + "/admin/images");
            publish(console, v0);
            String rolledBack = relaunch(api, user, userBrowser, after);
            assertThat(UserApi.field(api.get("/api/v1/sessions/" + rolledBack).body(), "imageVersion")).isEqualTo(v0);
            CanvasWait backScreen = new CanvasWait(user, userBrowser, "update-back");
            backScreen.awaitText("ventana#", BOOT);
            type(userBrowser.driver(), "cat /data/mine");
            backScreen.awaitLastLines(List.of("ventana# cat /data/mine", "kept", "ventana#"), SOON);
            assertThat(backScreen.text()).doesNotContain(MOTD);

            List<AuditEvent> trail = audit.recent(300);
            assertThat(trail).filteredOn(e -> "tiny".equals(e.target()) || "desktop".equals(e.target()))
                    .extracting(AuditEvent::action)
                    .containsSubsequence("pool.rolled_back", "pool.published", "image.maintenance_sealed",
                            "image.maintenance_started");
        }
    }

    @Test
    void maintenanceIsForAdminsOnePerImageAndDiscardThrowsTheWorkAway() throws Exception {
        host.awaitJoined(jdbc);
        users.create(new NewUser("ulf", "Ulf", PASSWORD, Set.of(Role.USER)), "test");
        users.create(new NewUser("alma", "Alma", PASSWORD, Set.of(Role.ADMIN)), "test");
        UserApi ulf = new UserApi(port, "ulf", PASSWORD);
        UserApi admin = new UserApi(port, "admin", ADMIN_PASSWORD);
        UserApi alma = new UserApi(port, "alma", PASSWORD);
        String path = "/api/v1/admin/images/tiny/maintenance";
        assertThat(admin.delete(path).statusCode()).as("no work left by another test").isIn(204, 404);

        assertThat(ulf.post(path, "{}").statusCode()).isEqualTo(403);
        assertThat(admin.post("/api/v1/admin/images/nonesuch/maintenance", "{}").statusCode()).isEqualTo(404);
        assertThat(admin.post(path, "{\"version\":\"0123456789abcdef\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> started = admin.post(path, "{\"version\":\"" + v0 + "\",\"memoryMiB\":256}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String session = UserApi.field(started.body(), "session");
        assertThat(admin.post(path, "{\"version\":\"0123456789abcdef\"}").statusCode())
                .as("another version while one is updated").isEqualTo(409);
        HttpResponse<String> again = admin.post(path, "{}");
        assertThat(again.statusCode()).as("the admin finds their own again").isEqualTo(202);
        assertThat(UserApi.field(again.body(), "session")).isEqualTo(session);
        HttpResponse<String> other = alma.post(path, "{}");
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.body()).contains("being updated by admin");
        assertThat(alma.get(path).body()).contains(session);
        assertThat(UserApi.field(admin.get("/api/v1/sessions/" + session).body(), "maintenanceOf")).isEqualTo("tiny");
        assertThat(ulf.get("/api/v1/sessions/" + session).statusCode()).as("not ulf's session: as an unknown one")
                .isEqualTo(404);
        assertThat(admin.delete("/api/v1/admin/images/tiny/versions/" + v0).statusCode())
                .as("a version under maintenance stays").isEqualTo(409);
        HttpResponse<String> untitled = admin.post(path + "/seal", "{\"title\":\" \"}");
        assertThat(untitled.statusCode()).isEqualTo(400);
        assertThat(untitled.body()).contains("title");

        assertThat(alma.delete(path).statusCode()).as("any admin may discard").isEqualTo(204);
        assertThat(admin.get(path).statusCode()).isEqualTo(404);
        await().atMost(SOON).until(() -> jdbc.sql("SELECT state FROM sessions WHERE id = ?::uuid").param(session)
                .query(String.class).single().equals("STOPPED"));
        assertThat(admin.delete(path).statusCode()).isEqualTo(404);
        await("the host throws the work away").atMost(SOON).until(() -> host.guests().isEmpty()
                || host.log().contains("discarded"));
        assertThat(audit.recent(100)).filteredOn(e -> "tiny".equals(e.target())).extracting(AuditEvent::action,
                AuditEvent::actor).contains(org.assertj.core.groups.Tuple.tuple("image.maintenance_discarded", "alma"),
                org.assertj.core.groups.Tuple.tuple("image.maintenance_started", "admin"));
    }

    /** Publishes the version in the default pool through the console's Publish dialog. */
    private void publish(ConsolePage console, String version) {
        String name = jdbc.sql("SELECT display_name FROM desktop_pools WHERE name = 'desktop'").query(String.class).single();
        String now = jdbc.sql("""
                SELECT v.label FROM desktop_pools p JOIN image_versions v ON v.id = p.current_version_id
                 WHERE p.name = 'desktop'""").query(String.class).single();
        console.openDialog("publish-tiny-" + version, "publish-pool");
        console.select("publish-pool", name + " · desktop (now " + now + ")");
        console.click("publish-confirm");
        console.waiting().until(d -> version.equals(jdbc.sql("""
                SELECT v.label FROM desktop_pools p JOIN image_versions v ON v.id = p.current_version_id
                 WHERE p.name = 'desktop'""").query(String.class).single()));
    }

    /** Logs the session off, as the API does, and launches the desktop again from the portal. */
    private String relaunch(UserApi api, ViewerPage user, Browser browser, String session) {
        assertThat(api.delete("/api/v1/sessions/" + session).statusCode()).isEqualTo(202);
        await("the session ends").atMost(SOON).until(() -> api.state(session).equals("STOPPED"));
        browser.driver().get(base() + "/"); // signed in already
        user.openDesktop("Launch");
        String next = ViewerPage.session(browser.driver().getCurrentUrl());
        assertThat(next).isNotEqualTo(session);
        user.awaitState("connected", BOOT);
        return next;
    }

    /** Types a command that prints nothing and waits for the next prompt, so that the next keys are not typed ahead. */
    private static void command(WebDriver page, CanvasWait screen, String line) {
        type(page, line);
        screen.awaitLastLines(List.of("ventana# " + line, "ventana#"), SOON);
    }

    private static void type(WebDriver page, String line) {
        WebElement canvas = page.findElement(By.tagName("canvas"));
        canvas.click();
        canvas.sendKeys(line + Keys.ENTER);
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
