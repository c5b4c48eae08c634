package dev.ventana.server.desktop;

import dev.ventana.server.Browser;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.TestMachine;
import dev.ventana.server.broker.DisplayPolicy;
import dev.ventana.server.broker.Entitlement;
import dev.ventana.server.broker.Entitlements;
import dev.ventana.server.broker.PoolKind;
import dev.ventana.server.broker.PoolNetwork;
import dev.ventana.server.broker.PoolSettings;
import dev.ventana.server.broker.Pools;
import dev.ventana.server.broker.SessionPolicy;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A published application through every real part: an admin publishes the office image's
 * terminal alone, the entitled user launches it from the portal's Applications, and Chromium reads
 * it on the canvas filling the screen, with no taskbar and no title bar around it. Typing reaches
 * it, and the guest's pointer shape reaches the canvas (hidden while typing, xterm's after a
 * move); typing {@code exit} ends the application, which powers the guest off and ends the session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=office",
                "ventana.test.class=published-application"})
class PublishedApplicationIT extends WithSessionHost {
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final int WHITE = 0xffffff;

    @Autowired
    Pools pools;
    @Autowired
    Entitlements entitlements;

    @Test
    void theTerminalRunsAloneOnTheScreenAndItsSessionEndsWhenItExits() throws Exception {
        host.awaitJoined(jdbc);
        users.create(new NewUser("app-user", "App User", "app user password", Set.of(Role.USER)), "test");
        PoolSettings terminal = new PoolSettings("Terminal", null, PoolKind.APPLICATION, "terminal", 1, 512,
                PoolNetwork.NONE, null, true, false, new SessionPolicy(null, null, null), false, false, DisplayPolicy.DEFAULT);
        pools.create("test", "terminal", "office", terminal);
        entitlements.grant("test", "terminal", Entitlement.ofUser("app-user"));

        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            ViewerPage viewer = new ViewerPage(driver);
            viewer.signInToPortal("http://localhost:" + port, "app-user", "app user password");
            assertThat(driver.findElements(By.xpath("//div[contains(@class,'ventana-applications')]//h3[.='Terminal']")))
                    .as("the portal lists it under Applications").hasSize(1);
            viewer.openCard("Terminal", "Launch");

            // Typed only once the desktop fits the page: the resize to the page's size comes a few
            // seconds after the launch, and keys typed while it happens may be lost (see issue 13's note).
            long[] fitted = viewer.fittedDesktop();
            CanvasText.Pixels alone = await(viewer, browser, "the terminal filling the screen, no desktop around it",
                    p -> p.width() == fitted[0] && p.height() == fitted[1]
                            && whiteShare(p, 0, p.height()) > 0.9 && whiteShare(p, p.height() - 30, p.height()) > 0.99
                            && whiteShare(p, 0, 4) > 0.99);
            browser.screenshot("application-alone");
            int inkBefore = ink(alone);

            driver.findElement(By.tagName("canvas")).sendKeys("echo ventana-application" + Keys.ENTER);
            await(viewer, browser, "the typed command and its output", p -> ink(p) > inkBefore + 300);
            if (onDbusDisplay()) {
                // The guest's pointer (a virtio-gpu hardware cursor, sent as CURSOR): xterm hides it
                // while one types, and shows its own shape again once the pointer moves.
                awaitPointer(driver, "hidden while typing", "none"::equals);
                new Actions(driver).moveToElement(driver.findElement(By.tagName("canvas")), 40, 30).perform();
                awaitPointer(driver, "the guest's shape after a move", c -> c.contains("data:image/png"));
            } else {
                assertThat(pointer(driver)).as("over RFB the pointer is in the picture: no CURSOR").isEmpty();
            }

            driver.findElement(By.tagName("canvas")).sendKeys("exit" + Keys.ENTER);
            viewer.awaitState("ended", BOOT);
            String session = jdbc.sql("SELECT s.id::text FROM sessions s JOIN desktop_pools p ON p.id = s.pool_id"
                    + " WHERE p.name = 'terminal'").query(String.class).single();
            new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(500)).until(d -> "STOPPED".equals(
                    jdbc.sql("SELECT state FROM sessions WHERE id = ?::uuid").param(session).query(String.class).single()));
            assertThat(jdbc.sql("SELECT failure_reason FROM sessions WHERE id = ?::uuid").param(session)
                    .query(String.class).optional()).as("a normal end, not a failure").isEmpty();
        }
    }

    /** Whether the pool's office version is on QEMU's D-Bus display (the build's images may hold older ones). */
    private boolean onDbusDisplay() throws IOException {
        String version = jdbc.sql("SELECT v.label FROM desktop_pools p JOIN image_versions v"
                + " ON v.id = p.current_version_id WHERE p.name = 'terminal'").query(String.class).single();
        return Files.readString(Path.of(TestMachine.required("ventana.images.dir")).resolve("office").resolve(version)
                .resolve("manifest.json")).contains("virtio-dbus");
    }

    /** The canvas's CSS pointer, as the viewer set it from CURSOR ("" before any). */
    private static String pointer(WebDriver driver) {
        return String.valueOf(((JavascriptExecutor) driver)
                .executeScript("return document.querySelector('canvas').style.cursor"));
    }

    private static void awaitPointer(WebDriver driver, String what, Predicate<String> done) {
        new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(200)).withMessage("the pointer " + what)
                .until(d -> done.test(pointer(d)));
    }

    /** The share of white pixels in rows [from, to). */
    private static double whiteShare(CanvasText.Pixels p, int from, int to) {
        long white = 0;
        for (int y = from; y < to; y++) {
            for (int x = 0; x < p.width(); x++) {
                white += p.rgb()[y * p.width() + x] == WHITE ? 1 : 0;
            }
        }
        return (double) white / ((long) (to - from) * p.width());
    }

    private static int ink(CanvasText.Pixels p) {
        int dark = 0;
        for (int v : p.rgb()) {
            dark += v == WHITE ? 0 : 1;
        }
        return dark;
    }

    private static CanvasText.Pixels await(ViewerPage viewer, Browser browser, String what,
                                           Predicate<CanvasText.Pixels> done) {
        return new CanvasWait(viewer, browser, "application").awaitPixels(what, BOOT, done, p -> p == null ? "no frame"
                : "white " + whiteShare(p, 0, p.height()) + ", bottom rows white " + whiteShare(p, p.height() - 30, p.height())
                        + ", top rows white " + whiteShare(p, 0, 4));
    }
}
