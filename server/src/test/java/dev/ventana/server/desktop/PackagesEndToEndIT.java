package dev.ventana.server.desktop;

import dev.ventana.server.Browser;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.hosts.SerialConsole;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 through every real part: in Chromium the admin makes package {@code calc} in a packaging
 * guest of the office image (New package, then {@code apt-get install galculator} typed into the
 * packaging desktop's terminal in the viewer, then Seal pre-filled from the scan), gives it to the
 * desktop pool and to a new application pool that publishes its calculator, and a user launches
 * the calculator as that published application (keys reach it) and then from the desktop's IceWM
 * menu (opened with a click on its start button, the entry chosen by its key). Both run as the
 * user, not root. The golden image does not change. Needs the network to deb.debian.org, and minutes under TCG.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.farm-token=" + SessionHostProcess.FARM_TOKEN, "ventana.default-pool.image=office",
                "ventana.admin-password=" + PackagesEndToEndIT.ADMIN_PASSWORD})
class PackagesEndToEndIT extends WithSessionHost {
    static final String ADMIN_PASSWORD = "packages end-to-end admin password";
    private static final String USER = "pkg-user";
    private static final String PASSWORD = "package user password";
    private static final Duration BOOT = Duration.ofSeconds(240);
    private static final Duration APT = Duration.ofMinutes(12);

    @Test
    void anAdminPackagesACalculatorInTheBrowserAndAUserLaunchesItPublishedAndFromTheMenu() throws Exception {
        host.awaitJoined(jdbc);
        users.create(new NewUser(USER, "Package User", PASSWORD, Set.of(Role.USER)), "test");
        String base = "http://localhost:" + port;
        UserApi admin = new UserApi(port, "admin", ADMIN_PASSWORD);
        String golden = goldenVersion();

        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(250));
            ConsolePage console = new ConsolePage(browser, base);
            console.signIn("admin", ADMIN_PASSWORD);

            // New package: the packaging desktop opens in the viewer, and the admin installs into it.
            console.open("Packages");
            console.openDialog("new-package", "new-package-name");
            console.type("new-package-name", "calc");
            console.select("new-package-image", "office");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("new-package-version"), golden));
            console.click("new-package-start");
            wait.until(ExpectedConditions.urlContains("/viewer/viewer.html?session="));
            Path packagingGuest = host.runDir().resolve(UserApi.field(
                    admin.get("/api/v1/admin/packages/calc/packaging").body(), "guestId"));
            ViewerPage viewer = new ViewerPage(driver);
            viewer.awaitState("connected", BOOT);
            typeUntil(viewer, browser, packagingGuest, "echo term-$((40+2)) > /dev/ttyS0", "term-42");
            driver.findElement(By.tagName("canvas")).sendKeys("apt-get update > /dev/ttyS0 2>&1 && apt-get install -y"
                    + " --no-install-recommends galculator > /dev/ttyS0 2>&1 && echo apt-$((6*7))-ok > /dev/ttyS0"
                    + Keys.ENTER);
            new WebDriverWait(driver, APT, Duration.ofSeconds(2)).withMessage("apt-get in the packaging desktop")
                    .until(d -> SerialConsole.shows(packagingGuest, "apt-42-ok") || SerialConsole.shows(packagingGuest, "E: "));
            assertThat(SerialConsole.shows(packagingGuest, "apt-42-ok")).as("apt-get's errors on the console").isTrue();
            browser.screenshot("packages-e2e-installed");

            // Seal, its application pre-filled from the scan of what the installation added.
            driver.get(base + "/admin/packages");
            console.openDialog("seal-package-calc", "package-seal-title");
            wait.until(d -> "galculator".equals(d.findElement(By.id("package-app-id-0")).getDomProperty("value")));
            assertThat(driver.findElement(By.id("package-app-command-0")).getDomProperty("value")).startsWith("galculator");
            console.type("package-seal-title", "Galculator from Debian");
            console.click("package-seal-confirm");
            new WebDriverWait(driver, Duration.ofMinutes(5), Duration.ofSeconds(1)).withMessage("the sealed version")
                    .until(d -> admin.get("/api/v1/admin/packages").body().contains("Galculator from Debian"));
            String version = UserApi.field(admin.get("/api/v1/admin/packages").body(), "version");
            driver.get(base + "/admin/packages");
            console.awaitInGrid("packages", List.of("calc", version, "Galculator from Debian", "Galculator"));

            // The desktop pool gets the package; a new pool publishes its calculator.
            console.open("Pools");
            givePackage(console, "desktop");
            console.openDialog("new-pool", "pool-name");
            console.type("pool-name", "galc");
            console.type("pool-display-name", "Calculator");
            console.click(By.xpath("//*[@id='pool-kind']//vaadin-radio-button[normalize-space(.)='One application']"));
            console.click(By.cssSelector("#pool-open-to-all"));
            console.click("save-pool");
            console.awaitInGrid("pools", List.of("galc", "Calculator"));
            givePackage(console, "galc");
            console.openDialog("edit-galc", "pool-application");
            console.select("pool-application", "Galculator (galculator)");
            console.click("save-pool");
            wait.until(d -> "galculator".equals(jdbc.sql("SELECT application FROM desktop_pools WHERE name = 'galc'")
                    .query(String.class).single()));
            browser.screenshot("packages-e2e-pools");
        }

        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            ViewerPage viewer = new ViewerPage(driver);
            viewer.signInToPortal(base, USER, PASSWORD);
            viewer.openCard("Calculator", "Launch");
            String published = ViewerPage.session(driver.getCurrentUrl());
            Path appGuest = guestOf(published);
            viewer.awaitState("connected", BOOT);
            awaitCalculator(appGuest);
            CanvasText.Pixels calculator = awaitPicture(viewer, browser, "packages-e2e-published", p -> grayShare(p) > 0.3);
            // Keys reach it: the digits in its display, the top fifth of the screen.
            driver.findElement(By.tagName("canvas")).sendKeys("88888888");
            awaitPicture(viewer, browser, "packages-e2e-published-typed", p -> darkTop(p) > darkTop(calculator) + 500);
            UserApi user = new UserApi(port, USER, PASSWORD);
            logOff(user, published);

            driver.get(base + "/");
            viewer.openCard("Desktop", "Launch");
            String desktopSession = ViewerPage.session(driver.getCurrentUrl());
            Path desktopGuest = guestOf(desktopSession);
            viewer.awaitState("connected", BOOT);
            awaitPicture(viewer, browser, "packages-e2e-desktop",
                    p -> OfficeDesktopInputIT.XtermWindow.find(p) != null);
            CanvasText.Pixels desktop = viewer.canvas();
            // IceWM's start button, at the left end of its taskbar; the menu ends with the packages' applications.
            ViewerPage.PagePoint start = viewer.onPage(12, desktop.height() - 12);
            new Actions(driver).moveToLocation(start.x(), start.y()).click().perform();
            awaitPicture(viewer, browser, "packages-e2e-menu", p -> changed(desktop, p) > 0.02);
            // IceWM makes an entry's first letter its key in an open menu (underlined): Galculator is the
            // only G. Typed with the menu closed, the letter would go to the xterm and start nothing.
            driver.findElement(By.tagName("canvas")).sendKeys("g");
            awaitCalculator(desktopGuest);
            awaitPicture(viewer, browser, "packages-e2e-from-menu", p -> grayShare(p) > grayShare(desktop) + 0.05);
            assertThat(user.get("/api/v1/sessions/" + desktopSession).body()).as("its own data disk, the other session gone")
                    .contains("\"dataDisk\":\"WRITABLE\"");
            logOff(user, desktopSession);
        }
        assertThat(goldenVersion()).as("the golden image unchanged").isEqualTo(golden);
    }

    private String goldenVersion() {
        return jdbc.sql("SELECT v.label FROM desktop_pools p JOIN image_versions v ON v.id = p.current_version_id"
                + " WHERE p.name = 'desktop'").query(String.class).single();
    }

    /** The pool's Packages dialog: package calc, its one version, saved. */
    private void givePackage(ConsolePage console, String pool) {
        console.openDialog("packages-" + pool, "pool-packages-add");
        console.click("pool-packages-add");
        console.select("pool-package-name-0", "calc");
        console.waiting().until(d -> !d.findElement(By.id("pool-package-version-0")).getText().isBlank());
        console.click("pool-packages-save");
        console.waiting().until(d -> jdbc.sql("SELECT count(*) FROM pool_packages pp JOIN desktop_pools p"
                + " ON p.id = pp.pool_id WHERE p.name = ?").param(pool).query(Integer.class).single() == 1);
    }

    private static void logOff(UserApi user, String session) {
        assertThat(user.delete("/api/v1/sessions/" + session).statusCode()).isEqualTo(202);
        org.awaitility.Awaitility.await("session " + session + " STOPPED").atMost(BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> user.state(session).equals("STOPPED"));
    }

    /** The guest directory of a session, once it is placed on the host. */
    private Path guestOf(String session) {
        AtomicReference<String> guest = new AtomicReference<>();
        org.awaitility.Awaitility.await("session " + session + " on its host").atMost(BOOT)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    guest.set(jdbc.sql("SELECT guest_id FROM sessions WHERE id = ?::uuid").param(session)
                            .query(String.class).optional().orElse(null));
                    return guest.get() != null;
                });
        return host.runDir().resolve(guest.get());
    }

    /** Galculator running as the session's user (uid 1000), not root: from the guest's serial console. */
    private static void awaitCalculator(Path guest) throws Exception {
        SerialConsole.run(guest, "ps -C galculator -o user= | sed 's/^/running-as-/'", "running-as-user", BOOT);
    }

    /**
     * Types into the packaging desktop's root terminal until the guest's serial console shows
     * {@code expected}. The desktop may still be starting: each try waits for the xterm on the
     * screen and clicks into it (IceWM, starting after it, need not give it the focus), and a retry
     * first cancels with Ctrl+C whatever part of the last try reached the shell.
     */
    private static void typeUntil(ViewerPage viewer, Browser browser, Path guest, String line, String expected)
            throws InterruptedException {
        WebDriver driver = browser.driver();
        long deadline = System.nanoTime() + BOOT.toNanos();
        for (int attempt = 0; !SerialConsole.shows(guest, expected); attempt++) {
            if (System.nanoTime() > deadline) {
                browser.screenshot("packages-e2e-typing");
                throw new AssertionError("'" + expected + "' from the typed '" + line + "' in " + attempt
                        + " tries (screenshot packages-e2e-typing); console:\n" + SerialConsole.text(guest));
            }
            OfficeDesktopInputIT.XtermWindow xterm = OfficeDesktopInputIT.XtermWindow.find(viewer.canvas());
            if (xterm != null) {
                xterm.focus(viewer, driver);
                WebElement canvas = driver.findElement(By.tagName("canvas"));
                if (attempt > 0) {
                    canvas.sendKeys(Keys.chord(Keys.CONTROL, "c"));
                }
                canvas.sendKeys(line + Keys.ENTER);
            }
            for (int i = 0; i < 40 && !SerialConsole.shows(guest, expected); i++) {
                Thread.sleep(250);
            }
        }
    }

    private static CanvasText.Pixels awaitPicture(ViewerPage viewer, Browser browser, String name,
                                                  Predicate<CanvasText.Pixels> done) {
        CanvasText.Pixels p = new CanvasWait(viewer, browser, name).awaitPixels(name, BOOT, done,
                last -> last == null ? "no frame" : "gray share " + grayShare(last));
        browser.screenshot(name);
        return p;
    }

    /** The share of pixels in GTK's light grays, the calculator's window. */
    private static double grayShare(CanvasText.Pixels p) {
        long gray = 0;
        for (int v : p.rgb()) {
            int r = v >> 16 & 0xff, g = v >> 8 & 0xff, b = v & 0xff;
            gray += r > 200 && r < 250 && Math.abs(r - g) < 8 && Math.abs(g - b) < 8 ? 1 : 0;
        }
        return (double) gray / p.rgb().length;
    }

    /** Dark pixels in the top fifth of the screen. */
    private static int darkTop(CanvasText.Pixels p) {
        int dark = 0;
        for (int i = 0; i < p.width() * (p.height() / 5); i++) {
            dark += (p.rgb()[i] >> 8 & 0xff) < 100 ? 1 : 0;
        }
        return dark;
    }

    private static double changed(CanvasText.Pixels a, CanvasText.Pixels b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            return 1;
        }
        long differ = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            differ += a.rgb()[i] != b.rgb()[i] ? 1 : 0;
        }
        return (double) differ / a.rgb().length;
    }
}
