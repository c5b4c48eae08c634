package dev.ventana.server.identity;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignInTest extends ServerTest {
    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        userAccount("signin-user", "Sign In", "correct horse battery");
    }

    @Test
    void formSignInWithTheRightPasswordOpensThePortal() {
        HttpResponse<String> response = http.postForm("/login",
                Map.of("username", "signin-user", "password", "correct horse battery"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(http.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void formSignInWithAWrongPasswordIsRefused() {
        HttpResponse<String> response = http.postForm("/login",
                Map.of("username", "signin-user", "password", "wrong horse battery"));

        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(http.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void tokenEndpointGivesABearerTokenForTheRightPassword() {
        HttpResponse<String> response = http.postJson("/api/v1/auth/token",
                "{\"username\":\"signin-user\",\"password\":\"correct horse battery\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"token\":\"ey");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        HttpResponse<String> wrongPassword = http.postJson("/api/v1/auth/token",
                "{\"username\":\"signin-user\",\"password\":\"wrong horse battery\"}");
        HttpResponse<String> unknownUser = http.postJson("/api/v1/auth/token",
                "{\"username\":\"nobody-here\",\"password\":\"correct horse battery\"}");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(wrongPassword.body()).contains("\"error\":\"UNAUTHORIZED\"");
        // Same text, no hint which of the two was wrong.
        assertThat(withoutInstance(wrongPassword.body())).isEqualTo(withoutInstance(unknownUser.body()));
    }

    @Test
    void malformedTokenRequestsAreBadRequests() {
        assertThat(http.postJson("/api/v1/auth/token", "not json").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/api/v1/auth/token", "{\"username\":\"x\"}").statusCode()).isEqualTo(400);
    }

    private static String withoutInstance(String body) {
        return body.replaceAll("\"instance\":\"[^\"]*\",?", "");
    }
}
