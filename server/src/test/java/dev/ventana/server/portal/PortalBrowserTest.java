package dev.ventana.server.portal;

import dev.ventana.server.Browser;
import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A real person's path: open the site in Chromium, sign in on the real page, land on the portal. */
class PortalBrowserTest extends ServerTest {
    @LocalServerPort
    int port;
    Browser browser;

    @BeforeEach
    void open() {
        userAccount("browser-user", "Browser User", "browser user password");
        browser = new Browser();
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void aUserSignsInAndSeesMyDesktops() {
        WebDriver page = browser.driver();
        page.get("http://localhost:" + port + "/");

        signIn(page, "browser-user", "browser user password");

        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h2"), "My desktops"));
        // The all-in-one default pool is open to every user; no host has its image here.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.className("ventana-desktop"), "Desktop"));
        browser.screenshot("my-desktops");
        assertThat(page.findElement(By.tagName("vaadin-app-layout")).getText())
                .contains("browser-user").doesNotContain("Users");
    }

    @Test
    void signingOutEndsTheSignInThatOutlivesRestartsToo() {
        WebDriver page = browser.driver();
        page.get("http://localhost:" + port + "/");
        signIn(page, "browser-user", "browser user password");
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h2"), "My desktops"));
        assertThat(page.manage().getCookieNamed("ventana-signin")).as("set by the sign-in").isNotNull();

        // A script click: in development mode Vaadin's Copilot overlay covers the navbar's corner.
        ((JavascriptExecutor) page).executeScript("arguments[0].click()", wait.until(
                ExpectedConditions.elementToBeClickable(By.xpath("//vaadin-button[contains(., 'Sign out')]"))));
        wait.until(ExpectedConditions.urlContains("/login"));

        assertThat(page.manage().getCookieNamed("ventana-signin")).as("cleared by the sign-out").isNull();
        page.get("http://localhost:" + port + "/");
        wait.until(ExpectedConditions.urlContains("/login"));
    }

    @Test
    void aWrongPasswordKeepsTheVisitorOnTheSignInPage() {
        WebDriver page = browser.driver();
        page.get("http://localhost:" + port + "/login");

        signIn(page, "browser-user", "not the password");

        awaitRefusal(page, "Wrong username or password", "sign-in-error");
    }

    @Test
    void aThrottledNameIsToldToWaitInsteadOfHavingItsPasswordChecked() {
        userAccount("browser-throttled", "Throttled", "browser user password");
        Http http = new Http(port);
        for (int i = 0; i < 5; i++) {
            http.postJson("/api/v1/auth/token", "{\"username\":\"browser-throttled\",\"password\":\"a guess\"}");
        }
        WebDriver page = browser.driver();
        page.get("http://localhost:" + port + "/login");

        signIn(page, "browser-throttled", "browser user password");

        awaitRefusal(page, "Too many attempts; try again in", "sign-in-throttled");
    }

    @Test
    void anAdminCreatesAUserWhoCanThenSignIn() {
        WebDriver page = browser.driver();
        page.get("http://localhost:" + port + "/admin/users");
        signIn(page, "admin", ADMIN_PASSWORD);
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));

        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//vaadin-button[contains(., 'New user')]"))).click();
        // Sorted first in the grid: visible without scrolling, however many users other tests made.
        wait.until(ExpectedConditions.elementToBeClickable(field("Username"))).sendKeys("aaa-made-in-browser");
        page.findElement(field("Name")).sendKeys("Made In Browser");
        page.findElement(field("Password")).sendKeys("browser made password");
        page.findElement(By.xpath("//vaadin-button[normalize-space(.)='Create']")).click();

        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("vaadin-grid"), "aaa-made-in-browser"));
        } finally {
            browser.screenshot("admin-users");
        }
        assertThat(users.find("aaa-made-in-browser")).hasValueSatisfying(u -> assertThat(u.roles()).containsExactly(Role.USER));
    }

    private static By field(String label) {
        return By.xpath("//*[self::vaadin-text-field or self::vaadin-password-field]"
                + "[label[normalize-space(.)='" + label + "']]//input");
    }

    /** Back on the sign-in page with an error, the form saying {@code message}; a screenshot of it. */
    private void awaitRefusal(WebDriver page, String message, String screenshot) {
        new WebDriverWait(page, Duration.ofSeconds(60)).until(ExpectedConditions.urlContains("error"));
        new WebDriverWait(page, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("vaadin-login-form"), message));
        browser.screenshot(screenshot);
    }

    private static void signIn(WebDriver page, String username, String password) {
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[name='username']")))
                .sendKeys(username);
        page.findElement(By.cssSelector("input[name='password']")).sendKeys(password, Keys.ENTER);
    }
}
