package dev.ventana.server.identity;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JwtEncoder encoder;
    Http api;
    UserAccount user;

    @BeforeEach
    void setUp() {
        api = new Http(port);
        user = userAccount("token-user", "Token User", "token user password");
    }

    @Test
    void aFreshTokenIdentifiesItsUser() {
        var me = api.get("/api/v1/me", "Authorization", "Bearer " + tokens.issue(user).token());

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"token-user\"").contains("\"roles\":[\"USER\"]");
    }

    @Test
    void noTokenIsRefused() {
        var me = api.get("/api/v1/me");

        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.body()).contains("\"error\":\"UNAUTHORIZED\"");
    }

    @Test
    void anExpiredTokenIsRefused() {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        String expired = new ApiTokens(encoder, Duration.ofMinutes(15), anHourAgo).issue(user).token();

        assertThat(api.get("/api/v1/me", "Authorization", "Bearer " + expired).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        JwtEncoder forger = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(otherKey, "HmacSHA256")));
        UserAccount admin = users.find("admin").orElseThrow();
        String forged = new ApiTokens(forger, Duration.ofMinutes(15), Clock.systemUTC()).issue(admin).token();

        assertThat(api.get("/api/v1/admin/users", "Authorization", "Bearer " + forged).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenWhoseClaimsWereEditedIsRefused() {
        String[] parts = tokens.issue(user).token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"token-user\"", "\"admin\"");
        String tampered = parts[0] + "." + base64(payload) + "." + parts[2];

        assertThat(api.get("/api/v1/admin/users", "Authorization", "Bearer " + tampered).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String unsigned = base64("{\"alg\":\"none\"}") + "."
                + base64("{\"iss\":\"ventana\",\"sub\":\"admin\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}") + ".";

        assertThat(api.get("/api/v1/admin/users", "Authorization", "Bearer " + unsigned).statusCode()).isEqualTo(401);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
