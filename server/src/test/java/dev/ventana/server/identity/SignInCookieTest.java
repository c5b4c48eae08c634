package dev.ventana.server.identity;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a restart the session cookie names a session the server no longer has, and the sign-in
 * cookie alone must authenticate: here the session cookie is simply left out.
 */
class SignInCookieTest extends ServerTest {
    @LocalServerPort
    int port;
    String signInCookie;

    @BeforeEach
    void signIn() {
        userAccount("cookie-user", "Cookie User", "cookie user password");
        HttpResponse<String> response = new Http(port).postForm("/login",
                Map.of("username", "cookie-user", "password", "cookie user password"));
        signInCookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SignInCookie.NAME + "=")).findFirst()
                .map(c -> c.substring(0, c.indexOf(';'))).orElseThrow();
    }

    @Test
    void theSignInCookieIsHttpOnly() {
        HttpResponse<String> response = new Http(port).postForm("/login",
                Map.of("username", "cookie-user", "password", "cookie user password"));
        assertThat(response.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith(SignInCookie.NAME + "=").contains("HttpOnly"));
    }

    @Test
    void theSignInCookieAloneAuthenticatesTheViewersCalls() {
        HttpResponse<String> me = new Http(port).get("/api/v1/me", "Cookie", signInCookie, "X-Ventana-Request", "1");

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"cookie-user\"");
    }

    @Test
    void aChangingCallWithOnlyTheSignInCookieStillNeedsTheSameOriginHeader() {
        HttpResponse<String> forged = new Http(port).postJson("/api/v1/desktops/default/sessions", "{}",
                "Cookie", signInCookie);

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains(SameOriginRequests.HEADER);
    }

    @Test
    void aTamperedSignInCookieIsRefused() {
        String tampered = signInCookie.substring(0, signInCookie.length() - 2) + "AA";
        assertThat(new Http(port).get("/api/v1/me", "Cookie", tampered, "X-Ventana-Request", "1").statusCode())
                .isEqualTo(401);
    }
}
