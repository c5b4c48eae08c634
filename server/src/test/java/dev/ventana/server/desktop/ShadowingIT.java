package dev.ventana.server.desktop;

import dev.ventana.server.Browser;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.audit.AuditEvent;
import dev.ventana.server.audit.AuditTrail;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadowing end to end: a real tiny QEMU guest on a real session host, two Chromiums, real
 * WebSockets. The admin opens the user's running session with {@code shadow=1}; the user's viewer
 * says an administrator is watching for as long as the shadow is open; what the admin types never
 * reaches the guest, while the admin sees what the user types; a user gets 403 from the shadow
 * endpoint; the audit trail has the start and the end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256", "ventana.admin-password=" + ShadowingIT.ADMIN_PASSWORD})
class ShadowingIT extends WithSessionHost {
    static final String ADMIN_PASSWORD = "shadowing admin password";
    private static final String PASSWORD = "watched user password";
    private static final String WATCHED = "An administrator is watching this session.";
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration SOON = Duration.ofSeconds(20);

    @Autowired
    AuditTrail audit;

    @Test
    void anAdminWatchesReadOnlyAndTheUserIsToldForAsLongAsItLasts() throws Exception {
        host.awaitJoined(jdbc);
        users.create(new NewUser("watched", "Watched", PASSWORD, Set.of(Role.USER)), "test");
        try (Browser userBrowser = new Browser(); Browser adminBrowser = new Browser()) {
            ViewerPage user = new ViewerPage(userBrowser.driver());
            user.signInToPortal(base(), "watched", PASSWORD);
            user.openDesktop("Launch");
            String session = ViewerPage.session(userBrowser.driver().getCurrentUrl());
            user.awaitState("connected", BOOT);
            CanvasWait userScreen = new CanvasWait(user, userBrowser, "shadowing");
            userScreen.awaitText("ventana#", BOOT);

            HttpResponse<String> refused = new UserApi(port, "watched", PASSWORD)
                    .post("/api/v1/admin/sessions/" + session + "/shadow", "");
            assertThat(refused.statusCode()).as("a user may not shadow, not even their own session").isEqualTo(403);

            WebDriver adminPage = adminBrowser.driver();
            ViewerPage shadow = new ViewerPage(adminPage);
            shadow.signInToPortal(base(), "admin", ADMIN_PASSWORD);
            adminPage.get(base() + "/viewer/viewer.html?session=" + session + "&shadow=1");
            shadow.awaitState("connected", SOON);
            WebElement marker = adminPage.findElement(By.id("read-only"));
            assertThat(marker.isDisplayed()).isTrue();
            assertThat(marker.getText()).isEqualTo("Watching — read-only");
            assertThat(adminPage.findElement(By.id("ctrl-alt-del")).isDisplayed()).as("no Ctrl+Alt+Del").isFalse();
            CanvasWait shadowScreen = new CanvasWait(shadow, adminBrowser, "shadowing");
            shadowScreen.awaitText("ventana#", SOON);

            ViewerPage.Notice notice = await("the WATCHED notice in the user's viewer").atMost(SOON)
                    .pollInterval(Duration.ofMillis(250)).until(() -> watched(user), Optional::isPresent).orElseThrow();
            assertThat(notice.text()).isEqualTo(WATCHED);
            assertThat(notice.level()).isEqualTo("info");
            assertThat(user.state()).as("the user keeps the desktop").isEqualTo("connected");
            userBrowser.screenshot("shadowing-user-told");

            WebElement shadowCanvas = adminPage.findElement(By.tagName("canvas"));
            shadowCanvas.click();
            shadowCanvas.sendKeys("echo shadow" + Keys.ENTER);
            Thread.sleep(3000); // typed keys show within a few frames; these must not show at all
            assertThat(userScreen.text()).doesNotContain("shadow");
            adminBrowser.screenshot("shadowing-admin-typed");

            // The user types next: their line holds exactly their keys, none of the shadow's before them.
            WebElement userCanvas = userBrowser.driver().findElement(By.tagName("canvas"));
            userCanvas.click();
            userCanvas.sendKeys("echo mine" + Keys.ENTER);
            List<String> mine = List.of("ventana# echo mine", "mine", "ventana#");
            userScreen.awaitLastLines(mine, SOON);
            shadowScreen.awaitLastLines(mine, SOON); // the admin sees it
            assertThat(userScreen.text()).doesNotContain("shadow");

            adminPage.get("about:blank"); // the admin closes the shadow
            await("the WATCHED notice goes").atMost(SOON).pollInterval(Duration.ofMillis(250))
                    .until(() -> watched(user).isEmpty());
            assertThat(user.state()).isEqualTo("connected");

            List<AuditEvent> trail = audit.recent(200).stream().filter(e -> session.equals(e.target())).toList();
            assertThat(trail).filteredOn(e -> e.action().startsWith("session.shadow"))
                    .extracting(AuditEvent::action, AuditEvent::actor)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("session.shadow_ended", "admin"),
                            org.assertj.core.groups.Tuple.tuple("session.shadow_started", "admin"));
        }
    }

    private static Optional<ViewerPage.Notice> watched(ViewerPage viewer) {
        return viewer.notices().stream().filter(n -> n.kind().equals("WATCHED")).findFirst();
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
