package dev.ventana.server.identity;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.audit.AuditEvent;
import dev.ventana.server.audit.AuditFilter;
import dev.ventana.server.audit.AuditTrail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in limits through the real doors, with the default 5 failures per name per minute. */
class SignInLimitsTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    AuditTrail trail;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @Test
    void theTokenEndpointAnswers429WithRetryAfterOnceANameHasFailedTooOftenEvenForTheRightPassword() {
        userAccount("limited-api", "Limited", "correct horse battery");
        for (int i = 0; i < 5; i++) {
            assertThat(token("limited-api", "wrong guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> refused = token("Limited-API", "correct horse battery");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"error\":\"TOO_MANY_REQUESTS\"").contains("try again in");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(failures("limited-api")).extracting(e -> e.details().get("reason"))
                .containsOnly("BadCredentialsException");
        assertThat(failures("Limited-API")).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("reason", "rate_limited");
            assertThat(e.details().get("address").toString()).matches("127\\.0\\.0\\.1|0:0:0:0:0:0:0:1");
        });
        assertThat(trail.recent(100).toString()).doesNotContain("wrong guess").doesNotContain("correct horse");
    }

    @Test
    void anUnknownNameIsLimitedExactlyLikeAKnownOne() {
        userAccount("limited-known", "Known", "correct horse battery");
        for (int i = 0; i < 5; i++) {
            token("limited-known", "wrong guess");
            token("limited-nobody", "wrong guess");
        }
        HttpResponse<String> known = token("limited-known", "wrong guess");
        HttpResponse<String> unknown = token("limited-nobody", "wrong guess");

        assertThat(known.statusCode()).isEqualTo(429);
        assertThat(unknown.statusCode()).isEqualTo(429);
        assertThat(withoutInstance(known.body())).isEqualTo(withoutInstance(unknown.body()));
    }

    @Test
    void theSignInPageRefusesAThrottledNameWithoutCheckingThePassword() {
        userAccount("limited-form", "Limited", "correct horse battery");
        for (int i = 0; i < 5; i++) {
            http.postForm("/login", Map.of("username", "limited-form", "password", "wrong guess"));
        }
        HttpResponse<String> refused = http.postForm("/login",
                Map.of("username", "limited-form", "password", "correct horse battery"));

        assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(http.get("/").statusCode()).isEqualTo(302);
        assertThat(failures("limited-form")).last().satisfies(e ->
                assertThat(e.details()).containsEntry("reason", "rate_limited"));
    }

    @Test
    void anUnknownNameTakesAboutAsLongAsAWrongPassword() {
        userAccount("timing-known", "Timing", "correct horse battery");
        token("timing-warm-up", "wrong guess");
        long[] wrong = new long[5];
        long[] unknown = new long[5];
        for (int i = 0; i < 5; i++) {
            wrong[i] = nanos(() -> token("timing-known", "wrong guess"));
            String nobody = "timing-nobody-" + i;
            unknown[i] = nanos(() -> token(nobody, "wrong guess"));
        }
        // Without the dummy hash an unknown name would answer some 20 times sooner (no bcrypt at
        // all; both take about 75 ms with it); a factor of 4 between medians leaves room for a
        // loaded machine.
        assertThat(median(unknown)).isGreaterThan(median(wrong) / 4);
        assertThat(median(wrong)).isGreaterThan(median(unknown) / 4);
    }

    private static long nanos(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private HttpResponse<String> token(String username, String password) {
        return http.postJson("/api/v1/auth/token",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    private List<AuditEvent> failures(String actor) {
        return trail.search(new AuditFilter(null, null, actor, "auth.sign_in_failed", null), 0, 100).events()
                .reversed();
    }

    private static String withoutInstance(String body) {
        // The two refusals may round their wait to different seconds; the rest must be identical.
        return body.replaceAll("\"instance\":\"[^\"]*\",?", "").replaceAll("in \\d+ seconds", "in N seconds");
    }
}
