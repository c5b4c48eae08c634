package dev.ventana.server.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.server.Browser;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The office desktop's clipboard and size through every real part: Chromium on the viewer page
 * (with the browser's real clipboard), the gateway and the pool's rules, the session host, QEMU's
 * qemu-vdagent and the guest's spice-vdagent and xrandr. One office guest for all of it; the
 * pool's clipboard direction changes between steps and the viewer page is opened again, as a new
 * connection takes the pool's rules as they are then.
 * <ul>
 *   <li>paste: the browser's clipboard holds a shell command whose output is a bar of one colour;
 *       Shift+Insert in the xterm runs it, and the bar appears on the canvas;</li>
 *   <li>copy: a command typed into the xterm puts text on the guest's clipboard, and the browser's
 *       clipboard holds it;</li>
 *   <li>each direction the pool closes really stays closed;</li>
 *   <li>the browser window's size changes the guest's resolution, and the canvas follows.</li>
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=office",
                "ventana.default-pool.memory-mib=768"})
class OfficeClipboardResizeIT extends WithSessionHost {
    private static final Duration BOOT = Duration.ofSeconds(240);
    /** How long a blocked direction is watched for what must not come. */
    private static final Duration BLOCKED = Duration.ofSeconds(8);
    private static final int XTERM_RED = 0xcd0000;
    private static final int XTERM_GREEN = 0x00cd00;

    @Test
    void clipboardBothWaysAsThePoolAllowsAndTheDesktopFollowsTheWindow() throws Exception {
        host.awaitJoined(jdbc);
        users.create(new NewUser("clip-user", "Clip User", "clip user password", Set.of(Role.USER)), "test");
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            String base = "http://localhost:" + port;
            driver.get(base + "/");
            ((HasCdp) driver).executeCdpCommand("Browser.grantPermissions", Map.of("origin", base,
                    "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
            ViewerPage viewer = new ViewerPage(driver);
            viewer.signIn("clip-user", "clip user password");
            viewer.openDesktop("Launch");
            String viewerUrl = driver.getCurrentUrl();
            OfficeDesktopInputIT.XtermWindow xterm = awaitXterm(viewer, browser);
            xterm.focus(viewer, driver);

            // Browser to guest: the pasted command paints a red bar in the terminal.
            // Pasted again until it comes: the guest's clipboard agent starts with the session, and
            // QEMU passes on only what the browser sends after that agent has announced itself.
            writeBrowserClipboard(driver, "printf '\\033[41m%60s\\033[m\\n' ''");
            try {
                new WebDriverWait(driver, Duration.ofSeconds(90), Duration.ofSeconds(5)).until(d -> {
                    pasteKey(driver);
                    sleep(Duration.ofSeconds(2));
                    return longestRun(viewer.canvas(), XTERM_RED) >= 300;
                });
            } catch (org.openqa.selenium.TimeoutException e) {
                browser.screenshot("office-clipboard-timeout");
                throw new AssertionError("the pasted command's red bar never came", e);
            }

            // Guest to browser.
            typeInto(driver, "printf copied-in-guest-7 | xclip -selection clipboard\n");
            new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(500)).until(
                    d -> "copied-in-guest-7".equals(readBrowserClipboard(driver)));

            // The pool allows the clipboard only towards the guest: the guest's copy stays there.
            jdbc.sql("UPDATE desktop_pools SET clipboard = 'TO_GUEST'").update();
            reopen(driver, viewer, browser, viewerUrl);
            typeInto(driver, "printf must-not-reach-the-browser | xclip -selection clipboard\n");
            Thread.sleep(BLOCKED.toMillis());
            assertThat(readBrowserClipboard(driver)).isEqualTo("copied-in-guest-7");

            // Only towards the browser: the browser's text does not reach the guest.
            jdbc.sql("UPDATE desktop_pools SET clipboard = 'TO_BROWSER'").update();
            reopen(driver, viewer, browser, viewerUrl);
            writeBrowserClipboard(driver, "printf '\\033[42m%60s\\033[m\\n' ''");
            pasteKey(driver);
            Thread.sleep(BLOCKED.toMillis());
            assertThat(longestRun(viewer.canvas(), XTERM_GREEN)).as("a green bar from a paste the pool blocks").isLessThan(100);
            browser.screenshot("office-clipboard-blocked");

            // The desktop follows the browser window.
            driver.manage().window().setSize(new Dimension(1100, 760));
            long[] fitted = viewer.fittedDesktop();
            new WebDriverWait(driver, Duration.ofSeconds(90), Duration.ofMillis(500)).until(d -> {
                CanvasText.Pixels p = viewer.canvas();
                return p != null && p.width() == fitted[0] && p.height() == fitted[1];
            });
            browser.screenshot("office-resized");
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reopen(WebDriver driver, ViewerPage viewer, Browser browser, String viewerUrl) {
        driver.get(viewerUrl);
        viewer.awaitState("connected", Duration.ofSeconds(60));
        awaitXterm(viewer, browser).focus(viewer, driver);
    }

    private static void typeInto(WebDriver driver, String text) {
        driver.findElement(By.tagName("canvas")).sendKeys(text.replace("\n", Keys.ENTER));
    }

    /** Shift+Insert (xterm's paste), then Enter: bash's bracketed paste waits for it to run the line. */
    private static void pasteKey(WebDriver driver) {
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.INSERT).keyUp(Keys.SHIFT).sendKeys(Keys.ENTER).perform();
    }

    private static void writeBrowserClipboard(WebDriver driver, String text) {
        ((JavascriptExecutor) driver).executeAsyncScript(
                "navigator.clipboard.writeText(arguments[0]).then(() => arguments[1](true), e => arguments[1](String(e)))", text);
    }

    private static String readBrowserClipboard(WebDriver driver) {
        return (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "navigator.clipboard.readText().then(t => arguments[0](t), e => arguments[0]('error: ' + e))");
    }

    private static OfficeDesktopInputIT.XtermWindow awaitXterm(ViewerPage viewer, Browser browser) {
        awaitCanvas(viewer, browser, "the xterm on the desktop", p -> OfficeDesktopInputIT.XtermWindow.find(p) != null, BOOT);
        return OfficeDesktopInputIT.XtermWindow.find(viewer.canvas());
    }

    private static void awaitCanvas(ViewerPage viewer, Browser browser, String what,
                                    java.util.function.Predicate<CanvasText.Pixels> done, Duration within) {
        try {
            new WebDriverWait(browser.driver(), within, Duration.ofMillis(500)).until(d -> {
                CanvasText.Pixels p = viewer.canvas();
                return p != null && done.test(p);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("office-clipboard-timeout");
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    /** The longest horizontal run of one colour on the canvas. */
    private static int longestRun(CanvasText.Pixels p, int rgb) {
        int best = 0;
        for (int y = 0; y < p.height(); y++) {
            int run = 0;
            for (int x = 0; x < p.width(); x++) {
                run = p.rgb()[y * p.width() + x] == rgb ? run + 1 : 0;
                best = Math.max(best, run);
            }
        }
        return best;
    }
}
