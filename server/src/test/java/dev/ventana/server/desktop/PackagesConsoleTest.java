package dev.ventana.server.desktop;

import dev.ventana.server.Browser;
import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.hosts.FakeFarmHost;
import dev.ventana.server.identity.ApiTokens;
import dev.ventana.server.packages.PackageApi;
import dev.ventana.server.packages.PackageBundles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in Chromium: an admin gives a pool a package with the pool dialog's name and version
 * selects, and the Packages view lists the version with the pool, and refuses to delete it; an
 * admin makes a package in a packaging guest (New package opens the viewer, Seal pre-filled from
 * the scan registers the version, Discard ends another's work).
 */
class PackagesConsoleTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path scratch;
    Browser browser;
    FakeFarmHost host;
    /** Keeps the fake host UP while Chromium takes its time (a host is DOWN after 15 s without a heartbeat). */
    java.util.concurrent.ScheduledExecutorService beating;

    @AfterEach
    void close() {
        if (beating != null) {
            beating.shutdownNow();
        }
        if (browser != null) {
            browser.close();
        }
        if (host != null) {
            jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(host.name()).update();
            host.close();
        }
    }

    @Test
    void anAdminGivesAPoolAPackageAndSeesItListed() throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String image = "pc-img-" + s;
        String pool = "pc-pool-" + s;
        String admin = "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token();
        host = new FakeFarmHost("pc-host-" + s, 8000, port, PackageApi.FARM_TOKEN);
        host.imagesJson = "[{\"image\":\"" + image + "\",\"id\":\"" + s + "0000000c\",\"sha256\":\""
                + (s + "0000000c").repeat(4) + "\",\"cmdline\":\"\",\"screenWidth\":1024,\"screenHeight\":768}]";
        assertThat(host.beat().statusCode()).isEqualTo(200);
        Http api = new Http(port);
        assertThat(api.postJson("/api/v1/admin/pools", "{\"name\":\"" + pool + "\",\"image\":\"" + image + "\"}",
                "Authorization", admin).statusCode()).isEqualTo(201);
        PackageBundles.Version calc = PackageBundles.version(scratch, "pc-calc-" + s, image,
                "calc|Calculator|application|xcalc");
        new PackageApi(port, admin).uploaded(calc);

        browser = new Browser();
        ConsolePage console = new ConsolePage(browser, "http://localhost:" + port);
        try {
            console.signIn("admin", ADMIN_PASSWORD);
            console.open("Pools");
            console.openDialog("edit-" + pool, "pool-display-name");
            console.openDialog("pool-packages", "pool-packages-add");
            console.click("pool-packages-add");
            console.select("pool-package-name-0", calc.name());
            WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(30));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pool-package-version-0"), calc.id()));
            console.click("pool-packages-save");
            wait.until(d -> api.get("/api/v1/admin/pools/" + pool + "/packages", "Authorization", admin).body()
                    .contains(calc.id()));

            console.open("Packages");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("packages"), calc.name()));
            assertThat(browser.driver().findElement(By.id("packages")).getText()).contains(pool, "Calculator");
            console.click("delete-" + calc.name() + "-" + calc.id());
            console.confirm();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("vaadin-notification-card"),
                    "is listed by [" + pool + "]"));
        } finally {
            browser.screenshot("packages-console");
        }
        assertThat(api.get("/api/v1/admin/pools/" + pool + "/packages", "Authorization", admin).body())
                .isEqualTo("{\"packages\":[{\"name\":\"" + calc.name() + "\",\"version\":\"" + calc.id() + "\"}]}");
    }

    @Test
    void anAdminMakesAPackageInAPackagingGuest() throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String image = "pg-img-" + s;
        String version = s + "0000000d";
        String name = "pg-" + s;
        String admin = "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token();
        host = new FakeFarmHost("pg-host-" + s, 8000, port, PackageApi.FARM_TOKEN);
        host.imagesJson = "[{\"image\":\"" + image + "\",\"id\":\"" + version + "\",\"sha256\":\""
                + version.repeat(4) + "\",\"cmdline\":\"\",\"screenWidth\":1024,\"screenHeight\":768}]";
        host.packaging.scanJson = "{\"entries\":[{\"file\":\"org.gnome.Gnumeric.desktop\",\"name\":\"Gnumeric\","
                + "\"command\":\"gnumeric\",\"icon\":\"gnumeric\"}]}";
        assertThat(host.beat().statusCode()).isEqualTo(200);
        beating = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        FakeFarmHost beats = host;
        beating.scheduleWithFixedDelay(() -> {
            try {
                beats.beat();
            } catch (RuntimeException e) {
                // the server is going away with the test: the next beat may reach it again
            }
        }, 3, 3, java.util.concurrent.TimeUnit.SECONDS);
        Http api = new Http(port);

        browser = new Browser();
        ConsolePage console = new ConsolePage(browser, "http://localhost:" + port);
        WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(30));
        try {
            console.signIn("admin", ADMIN_PASSWORD);
            console.open("Packages");
            console.openDialog("new-package", "new-package-name");
            console.type("new-package-name", name);
            console.select("new-package-image", image);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("new-package-version"), version));
            console.click("new-package-start");
            wait.until(ExpectedConditions.urlContains("/viewer/viewer.html?session="));
            String work = api.get("/api/v1/admin/packages/" + name + "/packaging", "Authorization", admin).body();
            assertThat(browser.driver().getCurrentUrl()).as(work).endsWith("session=" + PackageBundles.JSON.readTree(work)
                    .get("session").asString());
            assertThat(PackageBundles.JSON.readTree(host.packaging.starts.getLast()).get("version").asString())
                    .isEqualTo(version);

            browser.driver().get("http://localhost:" + port + "/admin/packages");
            console.awaitInGrid("packaging", java.util.List.of(name, image + " " + version));
            console.openDialog("seal-package-" + name, "package-seal-title");
            wait.until(d -> "org-gnome-gnumeric".equals(d.findElement(By.id("package-app-id-0")).getDomProperty("value")));
            assertThat(browser.driver().findElement(By.id("package-app-command-0")).getDomProperty("value"))
                    .isEqualTo("gnumeric");
            browser.screenshot("packaging-seal-dialog");
            console.type("package-seal-title", "Gnumeric 1.12");
            console.type("package-app-name-0", "Spreadsheet");
            console.click("package-seal-confirm");
            console.awaitInGrid("packages", java.util.List.of(name, "Gnumeric 1.12", "Spreadsheet"));
        } finally {
            browser.screenshot("packaging-console");
        }
        var sealed = PackageBundles.JSON.readTree(host.packaging.seals.getLast());
        assertThat(sealed.get("applications").toString()).isEqualTo("[{\"id\":\"org-gnome-gnumeric\","
                + "\"name\":\"Spreadsheet\",\"icon\":\"application\",\"command\":\"gnumeric\"}]");
        assertThat(new PackageApi(port, admin).versions(name).get(0).get("source").asString()).isEqualTo("packaging");
        assertThat(api.get("/api/v1/admin/packages/" + name + "/packaging", "Authorization", admin).statusCode())
                .isEqualTo(404);
    }
}
