package dev.ventana.server.portal;

import dev.ventana.server.Browser;
import dev.ventana.server.ServerTest;
import dev.ventana.server.TestMachine;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.StoredVersions;
import dev.ventana.server.packages.PackageBundles;
import dev.ventana.server.packages.PackageVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's upload control in Chromium, with bundles that GNU tar made: one is accepted,
 * a mislabelled one is refused with the server's message; the same for application packages in
 * the Packages view.
 */
class UploadVersionDialogTest extends ServerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @LocalServerPort
    int port;
    @Autowired
    ImageCatalogue catalogue;
    @Autowired
    StoredVersions stored;
    @Autowired
    PackageVersions packages;
    @TempDir
    Path scratch;
    Browser browser;

    @BeforeEach
    void open() {
        browser = new Browser();
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void aBundleIsUploadedFromTheBrowserAndAMislabelledOneRefused() throws Exception {
        WebDriver page = browser.driver();
        Path good = bundle("tiny", "from the browser");
        String id = good.getFileName().toString().substring(0, 16);
        page.get("http://localhost:" + port + "/admin/images");
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[name='username']"))).sendKeys("admin");
        page.findElement(By.cssSelector("input[name='password']")).sendKeys(ADMIN_PASSWORD, Keys.ENTER);

        openUpload(wait);
        choose(page, wait, good);
        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "uploaded and verified"));
        } finally {
            browser.screenshot("upload-version");
        }
        assertThat(page.findElement(By.id("upload-status")).getText()).contains("Version " + id + " of tiny");
        assertThat(catalogue.version("tiny", id)).isPresent();
        assertThat(stored.directory("tiny", id)).isPresent();
        page.findElement(By.id("close-upload")).click();

        page.navigate().refresh();
        Path mislabelled = bundle("office", "mislabelled in the browser");
        openUpload(wait);
        choose(page, wait, mislabelled);
        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "Refused"));
        } finally {
            browser.screenshot("upload-version-refused");
        }
        assertThat(page.findElement(By.id("upload-status")).getText())
                .isEqualTo("Refused: manifest.json is for image 'office', not 'tiny'.");
        assertThat(catalogue.version("tiny", mislabelled.getFileName().toString().substring(0, 16))).isEmpty();
    }

    @Test
    void aPackageBundleIsUploadedFromThePackagesViewAndAMislabelledOneRefused() throws Exception {
        WebDriver page = browser.driver();
        String name = "up-" + Long.toHexString(System.nanoTime()).substring(0, 8);
        PackageBundles.Version good = PackageBundles.version(scratch, name, "tiny", "clock|Clock|application|xclock");
        PackageBundles.Version other = PackageBundles.version(scratch, name + "-other", "tiny", "clock|Clock|application|xclock");
        page.get("http://localhost:" + port + "/admin/packages");
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[name='username']"))).sendKeys("admin");
        page.findElement(By.cssSelector("input[name='password']")).sendKeys(ADMIN_PASSWORD, Keys.ENTER);

        openPackageUpload(page, wait, name);
        choose(page, wait, Files.write(scratch.resolve(good.id() + ".tar"), good.tar()));
        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "uploaded and verified"));
        } finally {
            browser.screenshot("upload-package");
        }
        assertThat(page.findElement(By.id("upload-status")).getText()).contains("Version " + good.id() + " of package " + name);
        assertThat(packages.all().get(name)).singleElement().satisfies(v -> assertThat(v.version()).isEqualTo(good.id()));
        page.findElement(By.id("close-upload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("packages"), good.id()));

        page.navigate().refresh();
        openPackageUpload(page, wait, name);
        choose(page, wait, Files.write(scratch.resolve(other.id() + ".tar"), other.tar()));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "Refused"));
        assertThat(page.findElement(By.id("upload-status")).getText())
                .isEqualTo("Refused: manifest.json is for package '" + name + "-other', not '" + name + "'.");
        assertThat(packages.all().get(name)).hasSize(1);
    }

    /**
     * The Packages view's upload, for the package typed (or chosen). A script click: in development
     * mode Vaadin's Copilot button may cover the end of the view's top row.
     */
    private static void openPackageUpload(WebDriver page, WebDriverWait wait, String name) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#upload-package-name input")))
                .sendKeys(name, Keys.ENTER);
        ((org.openqa.selenium.JavascriptExecutor) page).executeScript("arguments[0].click()",
                wait.until(ExpectedConditions.elementToBeClickable(By.id("upload-package"))));
    }

    /** The Images view's upload, for the tiny image. */
    private static void openUpload(WebDriverWait wait) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#upload-image input")))
                .sendKeys("tiny", Keys.ENTER);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("upload-version"))).click();
    }

    private static void choose(WebDriver page, WebDriverWait wait, Path file) {
        var upload = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("version-upload")));
        var input = wait.until(d -> upload.getShadowRoot().findElements(By.cssSelector("input[type=file]")).stream()
                .findFirst().orElseGet(() -> upload.findElements(By.cssSelector("input[type=file]")).stream().findFirst().orElse(null)));
        input.sendKeys(file.toString());
    }

    /** A copy of the tiny image's current version under a manifest of its own, tarred by GNU tar; named <id>.tgz. */
    private Path bundle(String name, String title) throws Exception {
        Path current = Path.of(TestMachine.required("ventana.images.dir"), "tiny", "current");
        ObjectNode manifest = (ObjectNode) JSON.readTree(Files.readAllBytes(current.resolve("manifest.json")));
        manifest.put("name", name).put("title", title + " " + System.nanoTime());
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        Path dir = Files.createDirectories(scratch.resolve(id));
        for (String f : manifest.path("files").propertyNames()) {
            Files.copy(current.resolve(f), dir.resolve(f));
        }
        Files.write(dir.resolve("manifest.json"), bytes);
        Path tgz = scratch.resolve(id + ".tgz");
        Process tar = new ProcessBuilder("tar", "-C", scratch.toString(), "-czf", tgz.toString(), id).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return tgz;
    }
}
