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
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;


import org.springframework.boot.test.context.SpringBootTest;


import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path a user takes, with every part real: the packaged session host booting a tiny
 * QEMU guest, the server with its embedded PostgreSQL, and Debian's Chromium on the real
 * portal and viewer pages. Sign in, open the desktop, wait for the guest's prompt on the
 * canvas, type, see the line change, close the tab, come back and find the session as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=tiny",
                "ventana.default-pool.memory-mib=256"})
class DesktopEndToEndIT extends WithSessionHost {
    private static final Duration BOOT = Duration.ofSeconds(120);

    @Test
    void signInOpenTypeLeaveAndComeBack() throws Exception {
        host.awaitJoined(jdbc);
        users.create(new NewUser("e2e-user", "E2E User", "e2e user password", Set.of(Role.USER)), "test");
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            page.get("http://localhost:" + port + "/");
            ViewerPage viewer = new ViewerPage(page);
            viewer.signIn("e2e-user", "e2e user password");

            viewer.openDesktop("Launch");
            CanvasText text = new CanvasText();
            CanvasText.Pixels atPrompt = awaitPrompt(viewer, text, browser);
            int promptRow = text.lastNonBlankRow(atPrompt);

            WebElement canvas = page.findElement(By.tagName("canvas"));
            canvas.click();
            canvas.sendKeys("echo ventana-ok" + Keys.ENTER);

            CanvasText.Pixels typed = await(viewer, browser, "the command and its output on the canvas", p ->
                    text.row(p, promptRow).equals("ventana# echo ventana-ok")
                            && text.row(p, promptRow + 1).equals("ventana-ok"));
            assertThat(CanvasText.rowDiffers(atPrompt, typed, promptRow)).isTrue();
            assertThat(CanvasText.rowDiffers(atPrompt, typed, promptRow - 1)).as("lines above stay").isFalse();
            browser.screenshot("e2e-typed");

            // Close the tab, open the portal in a new one: the session is still there.
            String viewerTab = page.getWindowHandle();
            page.switchTo().newWindow(WindowType.TAB);
            String portalTab = page.getWindowHandle();
            page.switchTo().window(viewerTab).close();
            page.switchTo().window(portalTab);
            page.get("http://localhost:" + port + "/");
            viewer.openDesktop("Resume");

            CanvasText again = new CanvasText();
            CanvasText.Pixels back = awaitPrompt(viewer, again, browser);
            assertThat(again.row(back, promptRow)).isEqualTo("ventana# echo ventana-ok");
            assertThat(again.row(back, promptRow + 1)).isEqualTo("ventana-ok");
            browser.screenshot("e2e-resumed");
        }
    }

    /** The prompt is the last line and the font is known; returns that picture. */
    private static CanvasText.Pixels awaitPrompt(ViewerPage viewer, CanvasText text, Browser browser) {
        return await(viewer, browser, "the guest's prompt on the canvas", p -> {
            if (!text.learn(p)) {
                return false;
            }
            int last = text.lastNonBlankRow(p);
            return last > 0 && text.row(p, last).startsWith("ventana#");
        });
    }

    private static CanvasText.Pixels await(ViewerPage viewer, Browser browser, String what,
                                           java.util.function.Predicate<CanvasText.Pixels> done) {
        AtomicReference<CanvasText.Pixels> last = new AtomicReference<>();
        try {
            new WebDriverWait(browser.driver(), BOOT, Duration.ofMillis(250)).until(d -> {
                CanvasText.Pixels p = viewer.canvas();
                last.set(p);
                return p != null && done.test(p);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("e2e-timeout");
            CanvasText.Pixels p = last.get();
            String screen = p == null ? "(no canvas picture)" : new CanvasText().learn(p) ? new CanvasText().all(p) : p.width() + "x" + p.height();
            throw new AssertionError("timed out waiting for " + what + "; canvas:\n" + screen, e);
        }
        return last.get();
    }
}
