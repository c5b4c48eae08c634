package dev.ventana.server.identity;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser protections on each kind of response: the viewer page, a Vaadin page, an API answer
 * and errors of both doors; and the cookies of a sign-in. Whether the pages still work under their
 * policies is for Chromium and the packaged server to show (gateway.HttpsBrowserIT).
 */
class BrowserHeadersTest extends ServerTest {
    @LocalServerPort
    int port;

    @Test
    void theViewerRunsOnlyItsOwnFilesAndTalksOnlyToThisServer() {
        HttpResponse<String> page = new Http(port).get("/viewer/viewer.html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertProtected(page);
        assertThat(policy(page)).isEqualTo("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' ws://localhost:" + port + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }

    @Test
    void aVaadinPageRunsOnlyTheScriptsItsNonceMarks() {
        HttpResponse<String> page = new Http(port).get("/login");

        assertThat(page.statusCode()).isEqualTo(200);
        assertProtected(page);
        Matcher nonce = Pattern.compile("script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})' 'unsafe-eval';").matcher(policy(page));
        assertThat(nonce.find()).as(policy(page)).isTrue();
        assertThat(policy(page)).doesNotContain("script-src 'self' 'unsafe-inline'").contains("frame-ancestors 'none'");
        assertThat(page.body()).contains("<script").doesNotContainPattern("<script(?![^>]*nonce=\"" + Pattern.quote(nonce.group(1)) + "\")");
        String second = policy(new Http(port).get("/login"));
        assertThat(second).as("a fresh nonce for every page").doesNotContain(nonce.group(1));
    }

    @Test
    void apiAnswersAndErrorsMayRunNothing() {
        Http http = new Http(port);
        for (HttpResponse<String> answer : new HttpResponse[] {http.get("/api/v1/me"),
                http.postJson("/api/v1/auth/token", "{\"username\":\"nobody\",\"password\":\"wrong password\"}"),
                http.get("/actuator/health")}) {
            assertProtected(answer);
            assertThat(policy(answer)).as(answer.uri().toString())
                    .isEqualTo("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        }
    }

    @Test
    void pagesThatDoNotExistAreProtectedToo() {
        Http http = new Http(port);
        // Vaadin's not-found page answers both: a start page of its own, with its nonce.
        for (String path : new String[] {"/viewer/no-such-file.js", "/no-such-page"}) {
            HttpResponse<String> missing = http.get(path);
            assertProtected(missing);
            assertThat(policy(missing)).as(path).contains("'nonce-", "frame-ancestors 'none'").doesNotContain("'unsafe-inline' 'unsafe-eval'");
        }
        HttpResponse<String> noSuchCall = http.get("/api/v1/no-such-call", "Authorization", "Bearer not-a-token");
        assertProtected(noSuchCall);
        assertThat(policy(noSuchCall)).startsWith("default-src 'none';");
    }

    @Test
    void signInCookiesAreHttpOnlyAndSameSiteButNotSecureOverPlainHttp() {
        userAccount("headers-user", "Headers User", "headers user password");
        HttpResponse<String> signIn = new Http(port).postForm("/login",
                Map.of("username", "headers-user", "password", "headers user password"));

        assertThat(signIn.headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("JSESSIONID=") || c.startsWith(SignInCookie.NAME + "="))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c).contains("; HttpOnly").contains("; SameSite=Lax").doesNotContain("Secure"));
    }

    private static void assertProtected(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("X-Frame-Options")).as(response.uri().toString()).hasValue("DENY");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().allValues("Content-Security-Policy")).as("one policy").hasSize(1);
    }

    private static String policy(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Security-Policy").orElseThrow();
    }
}
