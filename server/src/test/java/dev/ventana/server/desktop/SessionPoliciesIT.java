package dev.ventana.server.desktop;

import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.Browser;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

import org.springframework.boot.test.context.SpringBootTest;





import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pools' session policies end to end, with short timers: the real session host reports the
 * viewers and their input in its heartbeats, the server warns in the real viewer (Chromium) with
 * a countdown, takes the warning down when the user comes back and logs the desktop off at the
 * limit, each step in the audit trail. One case per policy, each with its own user and pool.
 * The default pool's disconnect timeout comes from the server's properties (ventana.default-pool.*).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256", "ventana.sessions.warning-before=15s",
                "ventana.default-pool.disconnect-timeout=10s", "ventana.default-pool.idle-timeout=0",
                "ventana.default-pool.max-session-length="})
class SessionPoliciesIT extends WithSessionHost {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration WARNING = Duration.ofSeconds(15);
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration MAX_LENGTH = Duration.ofSeconds(45);
    private static final Duration DISCONNECT = Duration.ofSeconds(10);
    /** Host heartbeat (1 s), policy check (2 s), notice delivery (1 s), an orderly guest stop, a slow machine. */
    private static final Duration SLACK = Duration.ofSeconds(15);
    private static final String PASSWORD = "policies user password";

    @BeforeEach
    void joined() throws Exception {
        host.awaitJoined(jdbc);
    }

    @Test
    void idleWarnsWithACountdownTakesTheWarningDownOnInputAndLogsOffWithout() {
        pool("idle", IDLE, null);
        UserApi api = user("idle-user");
        try (Browser browser = new Browser()) {
            String session = signInAndLaunch(browser, "idle-user", api, "idle");
            ViewerPage viewer = connectedViewer(browser, session);

            ViewerPage.Notice warning = awaitNotice(viewer, "IDLE_WARNING", IDLE.plus(SLACK));
            assertThat(warning.level()).isEqualTo("warning");
            assertThat(warning.text()).contains("logged off unless you press a key or move the mouse");
            assertThat(warning.secondsLeft()).isBetween(1, (int) WARNING.toSeconds());
            await("the countdown runs down in the viewer").atMost(Duration.ofSeconds(5)).until(() ->
                    notice(viewer, "IDLE_WARNING").map(n -> n.secondsLeft() < warning.secondsLeft()).orElse(false));
            browser.screenshot("policies-idle-warning");

            Instant input = Instant.now();
            new Actions(browser.driver()).moveToElement(browser.driver().findElement(By.id("screen")), 20, 10).perform();
            await("the warning is taken down after the mouse moved").atMost(SLACK)
                    .until(() -> notice(viewer, "IDLE_WARNING").isEmpty());
            assertThat(api.state(session)).isEqualTo("RUNNING");
            assertThat(actions(session)).containsSubsequence("session.idle_warned", "session.idle_cancelled");

            // No input from here on: warned again, then logged off.
            awaitNotice(viewer, "IDLE_WARNING", IDLE.plus(SLACK));
            await("the idle session is logged off").atMost(WARNING.plus(SLACK)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "STOPPED".equals(api.state(session)));
            assertThat(occurred(session, "session.idle_timeout")).as("not before the idle timeout after the input")
                    .isAfterOrEqualTo(input.plus(IDLE));
            assertThat(actions(session)).containsSubsequence("session.idle_warned", "session.idle_cancelled",
                    "session.idle_warned", "session.idle_timeout");
            viewer.awaitState("ended", SLACK);
            assertThat(viewer.notices()).as("the ended session's notices go").isEmpty();
        }
    }

    @Test
    void maximumLengthWarnsWithACountdownThatInputDoesNotStopAndEndsAtTheLimit() {
        pool("max-length", null, MAX_LENGTH);
        UserApi api = user("max-length-user");
        try (Browser browser = new Browser()) {
            String session = signInAndLaunch(browser, "max-length-user", api, "max-length");
            ViewerPage viewer = connectedViewer(browser, session);

            ViewerPage.Notice warning = awaitNotice(viewer, "MAX_LENGTH_WARNING", MAX_LENGTH.plus(SLACK));
            assertThat(warning.text()).contains("maximum length of 45 s");
            assertThat(warning.secondsLeft()).isBetween(1, (int) WARNING.toSeconds());
            await("the countdown runs down in the viewer").atMost(Duration.ofSeconds(5)).until(() ->
                    notice(viewer, "MAX_LENGTH_WARNING").map(n -> n.secondsLeft() < warning.secondsLeft()).orElse(false));
            browser.screenshot("policies-max-length-warning");
            new Actions(browser.driver()).moveToElement(browser.driver().findElement(By.id("screen")), 20, 10).perform();

            await("the session ends at its maximum length").atMost(WARNING.plus(SLACK)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "STOPPED".equals(api.state(session)));
            Instant started = jdbc.sql("SELECT started_at FROM sessions WHERE id = ?").param(UUID.fromString(session))
                    .query(Timestamp.class).single().toInstant();
            assertThat(occurred(session, "session.max_length_reached")).isBetween(started.plus(MAX_LENGTH),
                    started.plus(MAX_LENGTH).plus(SLACK));
            assertThat(actions(session)).containsSubsequence("session.max_length_warned", "session.max_length_reached")
                    .doesNotContain("session.idle_warned");
            viewer.awaitState("ended", SLACK);
        }
    }

    @Test
    void aSessionNobodyViewsIsLoggedOffAfterTheDefaultPoolsDisconnectTimeout() {
        assertThat(jdbc.sql("SELECT disconnect_timeout_s, idle_timeout_s, max_length_s FROM desktop_pools WHERE name = 'desktop'")
                .query((rs, row) -> List.of(rs.getObject(1) + "", rs.getObject(2) + "", rs.getObject(3) + "")).single())
                .as("the default pool's policies, from ventana.default-pool.*").containsExactly("10", "null", "null");
        UserApi api = user("disconnect-user");
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            String session = signInAndLaunch(browser, "disconnect-user", api, "desktop");
            ViewerPage viewer = connectedViewer(browser, session);

            // Watched for longer than the timeout: nothing happens.
            sleep(DISCONNECT.plusSeconds(3));
            assertThat(api.state(session)).isEqualTo("RUNNING");
            assertThat(viewer.state()).isEqualTo("connected");

            String viewerTab = page.getWindowHandle();
            page.switchTo().newWindow(WindowType.TAB);
            String otherTab = page.getWindowHandle();
            Instant closed = Instant.now(); // before: the viewer may be gone before close() returns
            page.switchTo().window(viewerTab).close();
            page.switchTo().window(otherTab);

            await("the session without a viewer is logged off").atMost(DISCONNECT.plus(SLACK)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "STOPPED".equals(api.state(session)));
            assertThat(occurred(session, "session.disconnect_timeout")).isBetween(closed.plus(DISCONNECT),
                    closed.plus(DISCONNECT).plus(SLACK));
        }
    }

    /**
     * Signs the browser in first: a session's timers start when it runs, and the disconnect
     * timer runs until a viewer is there.
     */
    private String signInAndLaunch(Browser browser, String username, UserApi api, String pool) {
        new ViewerPage(browser.driver()).signInToPortal(base(), username, PASSWORD);
        return api.launch(pool);
    }

    private ViewerPage connectedViewer(Browser browser, String session) {
        ViewerPage viewer = new ViewerPage(browser.driver());
        viewer.openViewer(base(), session);
        try {
            viewer.awaitState("connected", BOOT);
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("policies-not-connected");
            throw new AssertionError("the viewer did not connect; it says: " + viewer.message(), e);
        }
        return viewer;
    }

    private UserApi user(String username) {
        if (users.find(username).isEmpty()) {
            users.create(new NewUser(username, username, PASSWORD, Set.of(Role.USER)), "test");
        }
        return new UserApi(port, username, PASSWORD);
    }

    /** A pool of the default pool's image version with these timers (null: off); set in the database, as no API sets them yet. */
    private void pool(String name, Duration idle, Duration maxLength) {
        jdbc.sql("""
                        INSERT INTO desktop_pools (name, display_name, image_id, current_version_id, memory_mib,
                                                   open_to_all_users, disconnect_timeout_s, idle_timeout_s, max_length_s)
                        SELECT ?, ?, image_id, current_version_id, memory_mib, true, 3600, ?, ?
                          FROM desktop_pools WHERE name = 'desktop'""")
                .params(name, name, idle == null ? null : (int) idle.toSeconds(), maxLength == null ? null : (int) maxLength.toSeconds())
                .update();
    }

    private static ViewerPage.Notice awaitNotice(ViewerPage viewer, String kind, Duration within) {
        return await("a " + kind + " notice in the viewer").atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> notice(viewer, kind), Optional::isPresent).orElseThrow();
    }

    private static Optional<ViewerPage.Notice> notice(ViewerPage viewer, String kind) {
        return viewer.notices().stream().filter(n -> n.kind().equals(kind)).findFirst();
    }

    private List<String> actions(String session) {
        return jdbc.sql("SELECT action FROM audit_events WHERE target = ? ORDER BY id").param(session)
                .query(String.class).list();
    }

    private Instant occurred(String session, String action) {
        return jdbc.sql("SELECT occurred_at FROM audit_events WHERE target = ? AND action = ?").params(session, action)
                .query(Timestamp.class).single().toInstant();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
