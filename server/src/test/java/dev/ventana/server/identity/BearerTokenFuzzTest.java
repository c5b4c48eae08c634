package dev.ventana.server.identity;

import dev.ventana.server.fuzz.Budget;
import dev.ventana.server.fuzz.HostileBytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Hostile bearer credentials (docs/benchmarks.md, "Hostile bytes: fuzz runs"): an Authorization
 * header, an API token and a display ticket or kiosk key as a caller may forge them. The header
 * is resolved or refused with an OAuth2AuthenticationException, the token decoded with the
 * server's own decoder or refused with a JwtException, and a random key's form is checked
 * without a throw. Tries: jqwik's default; bench/fuzz/run.sh raises them.
 */
class BearerTokenFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Budget HEADER_BUDGET = new Budget(Duration.ofSeconds(1), 1 << 20,
            t -> t instanceof OAuth2AuthenticationException);
    private static final Budget TOKEN_BUDGET = new Budget(Duration.ofSeconds(1), 4L << 20, t -> t instanceof JwtException);
    private static final Budget KEY_BUDGET = new Budget(Duration.ofSeconds(1), 1 << 20, t -> false);
    private final SigningKey key = signingKey();
    private final JwtDecoder decoder = new SecurityConfiguration().jwtDecoder(key, Clock.fixed(NOW, ZoneOffset.UTC));

    @Property
    void authorizationHeaders(@ForAll("headers") String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/sessions");
        request.addHeader("Authorization", header);
        HEADER_BUDGET.check(header.getBytes(StandardCharsets.UTF_8), () -> new DefaultBearerTokenResolver().resolve(request));
    }

    @Property
    void apiTokens(@ForAll("tokens") String token) {
        TOKEN_BUDGET.check(token.getBytes(StandardCharsets.UTF_8),
                () -> assertThat(decoder.decode(token).getSubject()).isNotNull());
    }

    /** Display tickets and kiosk keys are checked for form before their hash is looked up. */
    @Property
    void randomKeys(@ForAll("keys") String key) {
        KEY_BUDGET.check(key.getBytes(StandardCharsets.UTF_8), () -> {
            if (RandomKeys.wellFormed(key)) {
                assertThat(key).matches("[A-Za-z0-9_-]{43}");
                assertThat(RandomKeys.hash(key)).hasSize(32);
            }
        });
    }

    @Provide
    Arbitrary<String> headers() {
        List<byte[]> seeds = new ArrayList<>();
        for (String token : validTokens()) {
            seeds.add(("Bearer " + token).getBytes(StandardCharsets.ISO_8859_1));
            seeds.add(("bearer  " + token + "==").getBytes(StandardCharsets.ISO_8859_1));
        }
        seeds.add("Basic dXNlcjpwYXNz".getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                HostileBytes.mutationsOf(seeds, 2048).map(b -> new String(b, StandardCharsets.ISO_8859_1)));
    }

    @Provide
    Arbitrary<String> tokens() {
        List<String> valid = validTokens();
        List<byte[]> seeds = valid.stream().map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).toList();
        // Mutating the JSON inside a segment, then encoding it again, reaches the header's and the
        // claims' parsers instead of stopping at Base64.
        Arbitrary<String> insideSegments = Arbitraries.randomValue(random -> mutateSegment(valid, random));
        return Arbitraries.oneOf(Arbitraries.of(valid), Arbitraries.strings().ofMaxLength(300), insideSegments,
                HostileBytes.mutationsOf(seeds, 4096).map(b -> new String(b, StandardCharsets.ISO_8859_1)));
    }

    @Provide
    Arbitrary<String> keys() {
        String valid = new RandomKeys().next();
        return Arbitraries.oneOf(Arbitraries.strings().ofLength(RandomKeys.LENGTH), Arbitraries.strings().ofMaxLength(64),
                HostileBytes.mutationsOf(List.of(valid.getBytes(StandardCharsets.UTF_8)), 128)
                        .map(b -> new String(b, StandardCharsets.UTF_8)));
    }

    private static String mutateSegment(List<String> tokens, Random random) {
        String[] parts = tokens.get(random.nextInt(tokens.size())).split("\\.");
        int which = random.nextInt(2);
        byte[] json = Base64.getUrlDecoder().decode(parts[which]);
        byte[] mutated = HostileBytes.mutate(List.of(json), random, 4096);
        parts[which] = Base64.getUrlEncoder().withoutPadding().encodeToString(mutated);
        return String.join(".", parts);
    }

    /** Tokens as the server issues them, for a user and an administrator, valid at {@link #NOW}. */
    private List<String> validTokens() {
        ApiTokens issuer = new ApiTokens(new SecurityConfiguration().jwtEncoder(key), Duration.ofMinutes(15),
                Clock.fixed(NOW.minusSeconds(60), ZoneOffset.UTC));
        return List.of(
                issuer.issue(new UserAccount(1, "ada", "Ada", Set.of(Role.USER), true, NOW)).token(),
                issuer.issue(new UserAccount(2, "root", "Root", Set.of(Role.USER, Role.ADMIN), true, NOW)).token());
    }

    private static SigningKey signingKey() {
        SigningKey key = mock(SigningKey.class);
        when(key.key()).thenReturn(new SecretKeySpec(new byte[32], "HmacSHA256"));
        return key;
    }
}
