package dev.ventana.server.gateway;

import dev.ventana.server.Browser;
import dev.ventana.server.CspWatch;
import dev.ventana.server.Http;
import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.TestCertificate;
import dev.ventana.server.hosts.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged server (production mode) over HTTPS with a certificate of its own through an SSL
 * bundle, as README's "Serving over HTTPS" has it; a real session host joins it over HTTPS and
 * serves its agent API over HTTPS, and a fake host agent (no QEMU) serves a display over TLS to
 * the gateway, which trusts the farm's certificate by its JVM trust store. Chromium signs in, opens the portal, every admin view and the viewer,
 * which gets its frames over wss://; no page may trip its Content-Security-Policy.
 */
class HttpsBrowserIT {
    private static final String PASSWORD = "https-admin-password";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> ADMIN_VIEWS = List.of("hosts", "sessions", "pools", "images", "users",
            "groups", "audit");

    @TempDir
    Path temp;

    @Test
    void theUiAndTheViewerWorkOverHttpsUnderTheirContentSecurityPolicies() throws Exception {
        TestCertificate certificate = TestCertificate.create(temp);
        try (ServerProcess server = new ServerProcess(temp.resolve("data"), SessionHostProcess.FARM_TOKEN, PASSWORD,
                certificate.trustedByJvm(), List.of(
                        "--spring.ssl.bundle.jks.web.keystore.location=file:" + certificate.keyStore(),
                        "--spring.ssl.bundle.jks.web.keystore.password=" + certificate.password(),
                        "--spring.ssl.bundle.jks.web.keystore.type=PKCS12",
                        "--server.ssl.bundle=web"));
             FakeHostDisplay host = new FakeHostDisplay(certificate.serverContext());
             SessionHostProcess realHost = SessionHostProcess.launchOverTls(new SessionHostProcess.Settings("tls-host",
                     temp.resolve("host"), temp.resolve("host-data"), server.port(), List.of()), certificate)) {
            Http https = new Http(server.port(), certificate.clientContext());
            server.awaitHealthy(Duration.ofSeconds(180), https);
            assertSecureHeadersAndCookies(https);

            JdbcClient db = JdbcClient.create(new DriverManagerDataSource(server.databaseUrl(), "postgres", ""));
            realHost.awaitReady(); // its agent API answers over HTTPS, with the farm token
            await().atMost(WAIT).until(() -> db.sql("SELECT count(*) FROM hosts WHERE name = 'tls-host' AND state = 'UP'"
                    + " AND agent_url LIKE 'https://%'").query(Integer.class).single() == 1);
            long admin = db.sql("SELECT id FROM users WHERE username = 'admin'").query(Long.class).single();
            UUID session = new RunningSessions(db).create(admin, host.agentUrl());

            try (Browser browser = new Browser("--ignore-certificate-errors")) {
                WebDriver page = browser.driver();
                CspWatch csp = new CspWatch(page);
                String base = "https://localhost:" + server.port();
                try {
                    signIn(page, base);
                } catch (TimeoutException e) {
                    throw new AssertionError("no sign-in; the console said: " + csp.console(), e);
                }
                for (String view : ADMIN_VIEWS) {
                    page.get(base + "/admin/" + view);
                    new WebDriverWait(page, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector(".ventana-username")));
                }

                page.get(base + "/viewer/viewer.html?session=" + session);
                paintRedScreen(host.accept(WAIT));
                new WebDriverWait(page, WAIT, Duration.ofMillis(200)).until(d -> "connected".equals(
                        d.findElement(By.id("status")).getAttribute("data-state")));
                new WebDriverWait(page, WAIT, Duration.ofMillis(200)).until(d -> List.of(255L, 0L, 0L).equals(pixel(d)));
                assertThat(csp.events()).as("violations on any page so far").isEmpty();
                assertThat(csp.consoleRefusals()).as("refusals in the console: %s", csp.console()).isEmpty();

                // The watch sees a refusal when there is one: an inline script the page did not bring.
                ((JavascriptExecutor) page).executeScript(
                        "const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                                + " document.body.append(s);");
                new WebDriverWait(page, Duration.ofSeconds(10)).until(d -> !csp.consoleRefusals().isEmpty());
                assertThat(((JavascriptExecutor) page).executeScript("return window.injected === undefined;")).isEqualTo(true);
            }
        }
    }

    /** HSTS over HTTPS, and the session and sign-in cookies only ever sent back over HTTPS, to this site. */
    private static void assertSecureHeadersAndCookies(Http https) {
        HttpResponse<String> signIn = https.postForm("/login", Map.of("username", "admin", "password", PASSWORD));
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        List<String> cookies = signIn.headers().allValues("Set-Cookie");
        assertThat(cookies).filteredOn(c -> c.startsWith("JSESSIONID=") || c.startsWith("ventana-signin="))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax"));
        HttpResponse<String> viewer = https.get("/viewer/viewer.html");
        assertThat(viewer.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(viewer.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p ->
                assertThat(p).contains("connect-src 'self' wss://localhost:").doesNotContain("ws://"));
    }

    private static void signIn(WebDriver page, String base) {
        page.get(base + "/");
        new WebDriverWait(page, WAIT).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("input[name='username']"))).sendKeys("admin");
        page.findElement(By.cssSelector("input[name='password']")).sendKeys(PASSWORD, Keys.ENTER);
        new WebDriverWait(page, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".ventana-username")));
    }

    /** The host's side of the handshake (docs/protocol.md) and one frame: a 64x48 screen, all red. */
    private static void paintRedScreen(FakeHostDisplay.Connection host) throws Exception {
        byte[] hello = host.readMessage();
        assertThat(hello[0]).as("the browser's HELLO").isEqualTo((byte) 0x81);
        host.sendBinary(new byte[] {0x01, 1, 0, 64, 0, 48, 8}, 7);
        host.sendBinary(new byte[] {0x10, 0, 0, 0, 0, 0, 64, 0, 48, (byte) 255, 0, 0}, 12);
        host.sendBinary(new byte[] {0x03, 0, 0, 0, 1}, 5);
        // The viewer gives up a link whose PINGs go unanswered for 6 s (connection.ts): a PONG each.
        Thread.ofVirtual().start(() -> {
            try {
                for (byte[] m = host.readMessage(); m != null; m = host.readMessage()) {
                    if (m[0] == (byte) 0x86) {
                        host.sendBinary(new byte[] {0x05, m[1], m[2], m[3], m[4]}, 5);
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
    }

    private static List<Long> pixel(WebDriver page) {
        @SuppressWarnings("unchecked")
        List<Long> rgba = (List<Long>) ((JavascriptExecutor) page).executeScript(
                "return Array.from(document.getElementById('screen').getContext('2d').getImageData(10, 10, 1, 1).data);");
        return rgba.subList(0, 3);
    }
}
