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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
            String session = session(userBrowser.driver().getCurrentUrl());
            user.awaitState("connected", BOOT);
            awaitText(user, userBrowser, "ventana#", BOOT);

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
            awaitText(shadow, adminBrowser, "ventana#", SOON);

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
            assertThat(canvasText(user)).doesNotContain("shadow");
            adminBrowser.screenshot("shadowing-admin-typed");

            // The user types next: their line holds exactly their keys, none of the shadow's before them.
            WebElement userCanvas = userBrowser.driver().findElement(By.tagName("canvas"));
            userCanvas.click();
            userCanvas.sendKeys("echo mine" + Keys.ENTER);
            List<String> mine = List.of("ventana# echo mine", "mine", "ventana#");
            awaitLastLines(user, userBrowser, mine);
            awaitLastLines(shadow, adminBrowser, mine); // the admin sees it
            assertThat(canvasText(user)).doesNotContain("shadow");

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

    private static String canvasText(ViewerPage viewer) {
        CanvasText reader = new CanvasText();
        CanvasText.Pixels p = viewer.canvas();
        return p != null && reader.learn(p) ? reader.all(p) : "";
    }

    /** Waits until the last lines of text on the guest's screen, as this viewer paints it, are these. */
    private static void awaitLastLines(ViewerPage viewer, Browser browser, List<String> lines) {
        CanvasText reader = new CanvasText();
        StringBuilder last = new StringBuilder();
        try {
            await("the last lines " + lines).atMost(SOON).pollInterval(Duration.ofMillis(250)).until(() -> {
                CanvasText.Pixels p = viewer.canvas();
                if (p == null || !reader.learn(p)) {
                    return false;
                }
                last.setLength(0);
                last.append(reader.all(p));
                int end = reader.lastNonBlankRow(p);
                if (end + 1 < lines.size()) {
                    return false;
                }
                for (int i = 0; i < lines.size(); i++) {
                    if (!reader.row(p, end + 1 - lines.size() + i).equals(lines.get(i))) {
                        return false;
                    }
                }
                return true;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            browser.screenshot("shadowing-timeout");
            throw new AssertionError(lines + " not the last lines on the canvas; it shows:\n" + last, e);
        }
    }

    /** Waits until the guest's screen, as this viewer paints it, shows the text. */
    private static void awaitText(ViewerPage viewer, Browser browser, String text, Duration within) {
        CanvasText reader = new CanvasText();
        StringBuilder last = new StringBuilder();
        try {
            await("'" + text + "' on the canvas").atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
                CanvasText.Pixels p = viewer.canvas();
                if (p == null || !reader.learn(p)) {
                    return false;
                }
                last.setLength(0);
                last.append(reader.all(p));
                return last.toString().contains(text);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            browser.screenshot("shadowing-timeout");
            throw new AssertionError("'" + text + "' not on the canvas; it shows:\n" + last, e);
        }
    }

    private static String session(String viewerUrl) {
        Matcher m = Pattern.compile("[?&]session=([0-9a-f-]{36})").matcher(viewerUrl);
        assertThat(m.find()).as(viewerUrl).isTrue();
        return m.group(1);
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
