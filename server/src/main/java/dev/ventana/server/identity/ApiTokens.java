package dev.ventana.server.identity;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Issues the short-lived signed bearer tokens of the REST API. */
@Component
public class ApiTokens {
    static final String ISSUER = "ventana";
    static final String ROLES_CLAIM = "roles";

    private final JwtEncoder encoder;
    private final Duration lifetime;
    private final Clock clock;

    ApiTokens(JwtEncoder encoder, @Value("${ventana.api.token-lifetime:15m}") Duration lifetime, Clock clock) {
        this.encoder = encoder;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public IssuedToken issue(UserAccount user) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(user.username())
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expires)
                .claim(ROLES_CLAIM, user.roles().stream().map(Role::name).sorted().toList())
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new IssuedToken(token, expires);
    }

    public record IssuedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[expiresAt=" + expiresAt + "]";
        }
    }
}
