package dev.ventana.server.desktop;

import dev.ventana.server.Browser;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import dev.ventana.server.identity.UserDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
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
class DesktopEndToEndIT {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static SessionHostProcess host;

    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;

    @DynamicPropertySource
    static void farm(DynamicPropertyRegistry registry) throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-");
        host = new SessionHostProcess(work.resolve("host"));
        registry.add("ventana.data-dir", () -> work.resolve("server").toString());
        registry.add("ventana.hosts.local-url", () -> host.url().toString());
    }

    @AfterAll
    static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void signInOpenTypeLeaveAndComeBack() throws Exception {
        users.create(new NewUser("e2e-user", "E2E User", "e2e user password", Set.of(Role.USER)), "test");
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            page.get("http://localhost:" + port + "/");
            signIn(page);

            openDesktop(page, "Launch");
            CanvasText text = new CanvasText();
            CanvasText.Pixels atPrompt = awaitPrompt(page, text, browser);
            int promptRow = text.lastNonBlankRow(atPrompt);

            WebElement canvas = page.findElement(By.tagName("canvas"));
            canvas.click();
            canvas.sendKeys("echo ventana-ok" + Keys.ENTER);

            CanvasText.Pixels typed = await(page, browser, "the command and its output on the canvas", p ->
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
            openDesktop(page, "Resume");

            CanvasText again = new CanvasText();
            CanvasText.Pixels back = awaitPrompt(page, again, browser);
            assertThat(again.row(back, promptRow)).isEqualTo("ventana# echo ventana-ok");
            assertThat(again.row(back, promptRow + 1)).isEqualTo("ventana-ok");
            browser.screenshot("e2e-resumed");
        }
    }

    private static void signIn(WebDriver page) {
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[name='username']"))).sendKeys("e2e-user");
        page.findElement(By.cssSelector("input[name='password']")).sendKeys("e2e user password", Keys.ENTER);
    }

    private static void openDesktop(WebDriver page, String button) {
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[contains(@class,'ventana-desktop')]//vaadin-button[contains(., '" + button + "')]"))).click();
        wait.until(ExpectedConditions.urlContains("/viewer/"));
    }

    /** The prompt is the last line and the font is known; returns that picture. */
    private static CanvasText.Pixels awaitPrompt(WebDriver page, CanvasText text, Browser browser) {
        return await(page, browser, "the guest's prompt on the canvas", p -> {
            if (!text.learn(p)) {
                return false;
            }
            int last = text.lastNonBlankRow(p);
            return last > 0 && text.row(p, last).startsWith("ventana#");
        });
    }

    private static CanvasText.Pixels await(WebDriver page, Browser browser, String what,
                                           java.util.function.Predicate<CanvasText.Pixels> done) {
        AtomicReference<CanvasText.Pixels> last = new AtomicReference<>();
        try {
            new WebDriverWait(page, BOOT, Duration.ofMillis(250)).until(d -> {
                CanvasText.Pixels p = canvas(d);
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

    /** The canvas's own pixels (not a screenshot: no scaling, no overlay), sent as base64 RGB. */
    private static CanvasText.Pixels canvas(WebDriver page) {
        Object result = ((JavascriptExecutor) page).executeScript("""
                const c = document.querySelector('canvas');
                if (!c || c.width === 0 || c.height === 0) return null;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let s = '';
                for (let i = 0; i < d.length; i += 4) s += String.fromCharCode(d[i], d[i + 1], d[i + 2]);
                return c.width + ':' + c.height + ':' + btoa(s);""");
        if (result == null) {
            return null;
        }
        String[] parts = result.toString().split(":", 3);
        byte[] bytes = java.util.Base64.getDecoder().decode(parts[2]);
        int[] rgb = new int[bytes.length / 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (bytes[3 * i] & 0xff) << 16 | (bytes[3 * i + 1] & 0xff) << 8 | bytes[3 * i + 2] & 0xff;
        }
        return new CanvasText.Pixels(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), rgb);
    }
}
