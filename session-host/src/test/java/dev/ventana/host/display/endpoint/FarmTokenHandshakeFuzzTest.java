package dev.ventana.host.display.endpoint;

import dev.ventana.host.fuzz.Budget;
import dev.ventana.host.fuzz.HostileBytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile handshakes at the display endpoint (docs/benchmarks.md, "Hostile bytes: fuzz runs"):
 * whatever the Authorization header, path and query say, the checks answer without a throw; only
 * the farm token passes, and only a well-formed guest id is taken. Tries: jqwik's default;
 * bench/fuzz/run.sh raises them.
 */
class FarmTokenHandshakeFuzzTest {
    private static final String TOKEN = "test-farm-token-0123456789";
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(1), 1 << 20, t -> false);
    private final FarmTokenHandshake handshake = new FarmTokenHandshake(TOKEN);

    @Property
    void onlyTheTokenPasses(@ForAll("headers") String header) {
        BUDGET.check(bytes(header), () -> {
            if (handshake.authorized(header)) {
                assertThat(header.substring(0, 7)).isEqualToIgnoringCase("Bearer ");
                assertThat(header.substring(7).strip()).isEqualTo(TOKEN);
            }
        });
    }

    @Property
    void pathsAndQueries(@ForAll("paths") String path, @ForAll("paths") String query) {
        BUDGET.check(bytes(path + "?" + query), () -> {
            String guest = FarmTokenHandshake.guestId(path);
            assertThat(guest.isEmpty() || guest.matches("[A-Za-z0-9._-]{1,64}")).isTrue();
            assertThat(FarmTokenHandshake.role(query)).isNotNull();
        });
    }

    @Provide
    Arbitrary<String> headers() {
        return strings(List.of("Bearer " + TOKEN, "bEaReR \t" + TOKEN + " \n"));
    }

    @Provide
    Arbitrary<String> paths() {
        return strings(List.of("/display/guest-1", "/display/a.b_c-9", "mode=shadow", "/x/display/display/"));
    }

    private static Arbitrary<String> strings(List<String> seeds) {
        List<byte[]> bytes = seeds.stream().map(FarmTokenHandshakeFuzzTest::bytes).toList();
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), Arbitraries.just(null),
                HostileBytes.mutationsOf(bytes, 256).map(b -> new String(b, StandardCharsets.UTF_8)));
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
