package dev.ventana.server.desktop;

import dev.ventana.server.Browser;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin console's story in Chromium, with a real session host booting the tiny guest: the
 * admin creates a group and a pool, gives the pool to the group and puts a user in it; that user
 * launches the pool in a second browser; the admin finds the session, sends a message that the
 * user's viewer shows, shadows it (the user is told; the shadow's keys do nothing), drains the
 * host, ends the session, and reads each step in the audit view.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256", "ventana.admin-password=" + AdminConsoleIT.ADMIN_PASSWORD})
class AdminConsoleIT extends WithSessionHost {
    static final String ADMIN_PASSWORD = "console admin password";
    private static final String MEMBER = "console-member";
    private static final String MEMBER_PASSWORD = "console member password";
    private static final String GROUP = "console-testers";
    private static final String POOL = "console-desk";
    private static final String POOL_NAME = "Console Desk";
    private static final String MESSAGE = "Maintenance at noon: please save your work.";
    private static final Duration BOOT = Duration.ofSeconds(120);

    @Test
    void anAdminGivesAGroupAPoolWatchesItsSessionMessagesDrainsEndsAndAuditsIt() throws Exception {
        host.awaitJoined(jdbc);
        String hostName = jdbc.sql("SELECT name FROM hosts").query(String.class).single();
        users.create(new NewUser(MEMBER, "Console Member", MEMBER_PASSWORD, Set.of(Role.USER)), "test");

        try (Browser adminBrowser = new Browser(); Browser memberBrowser = new Browser()) {
            try {
                story(hostName, adminBrowser, memberBrowser);
            } catch (RuntimeException | AssertionError e) {
                adminBrowser.screenshot("console-failed-admin");
                memberBrowser.screenshot("console-failed-member");
                throw e;
            }
        }
    }

    private void story(String hostName, Browser adminBrowser, Browser memberBrowser) {
        ConsolePage console = new ConsolePage(adminBrowser, base());
        console.signIn("admin", ADMIN_PASSWORD);
        console.awaitInGrid("hosts", List.of(hostName, "UP"));

        // Groups: a new group, then its members.
        console.open("Groups");
        console.openDialog("new-group", "group-name");
        console.type("group-name", GROUP);
        console.type("group-description", "People who test the console");
        console.click("save-group");
        console.awaitInGrid("groups", List.of(GROUP, "People who test the console"));
        console.openDialog("new-group", "group-name");
        console.type("group-name", GROUP);
        console.click("save-group");
        console.awaitError("A group named '" + GROUP + "' exists already.");
        console.click("cancel");
        console.openDialog("members-" + GROUP, "group-members");
        console.choose("group-members", MEMBER);
        console.click("save-members");
        console.awaitInGrid("groups", List.of(MEMBER));
        adminBrowser.screenshot("console-groups");

        // Pools: a desktop pool of the tiny image, given to the group.
        console.open("Pools");
        console.openDialog("new-pool", "pool-name");
        console.type("pool-name", POOL);
        console.type("pool-display-name", POOL_NAME);
        console.select("pool-image", "tiny");
        console.type("pool-memory", "256");
        console.type("pool-idle-timeout", "2h");
        console.type("pool-max-width", "1280");
        adminBrowser.screenshot("console-new-pool");
        console.click("save-pool");
        console.awaitInGrid("pools", List.of(POOL, POOL_NAME, "tiny: desktop", "nobody yet"));
        awaitPool(console, "memory_mib || ' ' || idle_timeout_s || ' ' || clipboard || ' ' || resize || ' ' || max_width"
                + " || ' ' || max_height", "256 7200 BOTH true 1280 1200");
        console.openDialog("edit-" + POOL, "pool-max-sessions");
        console.type("pool-max-sessions", "5");
        console.type("pool-disconnect-timeout", "30m");
        console.click("pool-page-sharing");
        console.select("pool-clipboard", "Browser to desktop only");
        console.click("pool-resize");
        console.waiting().until(d -> d.findElement(By.id("pool-max-height")).getDomAttribute("disabled") != null);
        console.click("save-pool");
        // The grid already showed "5" somewhere; the saved row is what counts.
        awaitPool(console, "max_sessions || ' ' || disconnect_timeout_s || ' ' || idle_timeout_s || ' ' || instant_on"
                + " || ' ' || page_sharing || ' ' || clipboard || ' ' || resize || ' ' || max_width",
                "5 1800 7200 true true TO_GUEST false 1280");
        console.awaitInGrid("pools", List.of("256 MiB", "5"));

        console.openDialog("entitlements-" + POOL, "entitle-user");
        console.choose("entitle-user", MEMBER);
        console.click("add-user");
        console.awaitInGrid("entitlements", List.of("User", MEMBER));
        console.click("remove-user-" + MEMBER);
        console.confirm();
        console.waiting().until(d -> !console.gridText("entitlements").contains(MEMBER));
        console.choose("entitle-group", GROUP);
        console.click("add-group");
        console.awaitInGrid("entitlements", List.of("Group", GROUP));
        adminBrowser.screenshot("console-entitlements");
        console.click("close-entitlements");
        console.awaitInGrid("pools", List.of("group:" + GROUP));
        adminBrowser.screenshot("console-pools");

        // The member launches the pool from their portal, in their own browser.
        ViewerPage viewer = new ViewerPage(memberBrowser.driver());
        viewer.signInToPortal(base(), MEMBER, MEMBER_PASSWORD);
        new org.openqa.selenium.support.ui.WebDriverWait(memberBrowser.driver(), Duration.ofSeconds(30))
                .until(ExpectedConditions.elementToBeClickable(By.xpath("//div[contains(@class,'ventana-desktop')]"
                        + "[.//h3[normalize-space(.)='" + POOL_NAME + "']]//vaadin-button[contains(., 'Launch')]")))
                .click();
        viewer.awaitState("connected", BOOT);
        UUID session = jdbc.sql("SELECT s.id FROM sessions s JOIN desktop_pools p ON p.id = s.pool_id WHERE p.name = ?")
                .param(POOL).query(UUID.class).single();

        // Sessions: the admin finds it, sends a message the member's viewer shows.
        console.open("Sessions");
        console.type("filter-user", MEMBER);
        console.awaitInGrid("sessions", List.of(session.toString().substring(0, 8), MEMBER, POOL, hostName,
                "RUNNING", "writable"));
        console.openDialog("message-" + session, "message-text");
        console.type("message-text", MESSAGE);
        console.click("send-message");
        ViewerPage.Notice shown = await("the message in the member's viewer").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> notice(viewer, "ADMIN_MESSAGE"), Optional::isPresent).orElseThrow();
        assertThat(shown.text()).isEqualTo(MESSAGE);
        memberBrowser.screenshot("console-message-in-viewer");
        adminBrowser.screenshot("console-sessions");

        // Shadow: the session's viewer, read-only, in a new tab; the member is told while it lasts.
        String consoleTab = adminBrowser.driver().getWindowHandle();
        console.click("shadow-" + session);
        String shadowTab = console.waiting().until(d -> d.getWindowHandles().stream()
                .filter(h -> !h.equals(consoleTab)).findFirst().orElse(null));
        WebDriver adminPage = adminBrowser.driver().switchTo().window(shadowTab);
        console.waiting().until(ExpectedConditions.urlContains("/viewer/"));
        assertThat(adminPage.getCurrentUrl()).isEqualTo(base() + "/viewer/viewer.html?session=" + session + "&shadow=1");
        ViewerPage shadow = new ViewerPage(adminPage);
        shadow.awaitState("connected", Duration.ofSeconds(30));
        assertThat(adminPage.findElement(By.id("read-only")).isDisplayed()).isTrue();
        await("the WATCHED notice in the member's viewer").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> notice(viewer, "WATCHED").isPresent());
        CanvasWait memberScreen = new CanvasWait(viewer, memberBrowser, "console");
        memberScreen.awaitText("ventana#", BOOT);
        WebElement shadowCanvas = adminPage.findElement(By.tagName("canvas"));
        shadowCanvas.click();
        shadowCanvas.sendKeys("echo shadow" + Keys.ENTER);
        sleep(Duration.ofSeconds(3)); // typed keys show within a few frames; these must not show at all
        assertThat(memberScreen.text()).contains("ventana#").doesNotContain("shadow");
        adminBrowser.screenshot("console-shadow");
        adminPage.close();
        adminBrowser.driver().switchTo().window(consoleTab);
        await("the WATCHED notice goes").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> notice(viewer, "WATCHED").isEmpty());

        // Hosts: drain the host; the running session goes on.
        console.open("Hosts");
        console.click("drain-" + hostName);
        console.confirm();
        console.awaitInGrid("hosts", List.of("DRAINING"));
        adminBrowser.screenshot("console-hosts-draining");
        assertThat(viewer.state()).isEqualTo("connected");

        // Sessions: end it, after the confirmation; the member's viewer sees it end.
        console.open("Sessions");
        console.click("end-" + session);
        console.confirm();
        viewer.awaitState("ended", Duration.ofSeconds(60));
        await("the session stopped").atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(
                jdbc.sql("SELECT state FROM sessions WHERE id = ?").param(session).query(String.class).single()));
        console.type("filter-user", "");
        console.select("filter-state", "STOPPED");
        console.awaitInGrid("sessions", List.of(session.toString().substring(0, 8), "STOPPED"));

        // Hosts: back into service.
        console.open("Hosts");
        console.click("undrain-" + hostName);
        console.confirm();
        console.awaitInGrid("hosts", List.of("UP"));

        // Audit: each step, the admin's and the member's.
        console.open("Audit");
        console.type("audit-actor", "admin");
        console.awaitInGrid("audit", List.of("group.created", "group.members_set", "pool.created", "pool.changed",
                "pool.entitled", "pool.unentitled",
                "session.messaged", "session.shadow_started", "session.shadow_ended", "host.drained", "session.ended",
                "host.undrained", MESSAGE));
        adminBrowser.screenshot("console-audit");
        console.type("audit-actor", "");
        console.type("audit-action", "session");
        // Filtered once the other actions are gone: the list before the filter had these too.
        console.waiting().until(d -> !console.gridText("audit").contains("pool.created")
                && !console.gridText("audit").contains("host.drained"));
        console.awaitInGrid("audit", List.of("session.launched", "session.messaged", "session.ended", MEMBER));
    }

    private static Optional<ViewerPage.Notice> notice(ViewerPage viewer, String kind) {
        return viewer.notices().stream().filter(n -> n.kind().equals(kind)).findFirst();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    /** Waits until the pool's row, as the SQL expression renders it, is what the form saved. */
    private void awaitPool(ConsolePage console, String expression, String expected) {
        console.waiting().until(d -> List.of(expected).equals(jdbc.sql("SELECT " + expression
                + " FROM desktop_pools WHERE name = ?").param(POOL).query(String.class).list()));
    }
}
