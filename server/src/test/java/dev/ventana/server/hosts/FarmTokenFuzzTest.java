package dev.ventana.server.hosts;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.fuzz.Budget;
import dev.ventana.server.fuzz.HostileBytes;
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
 * Hostile Authorization headers at the server's farm API (docs/benchmarks.md, "Hostile bytes:
 * fuzz runs"): only the exact farm token passes; everything else is refused UNAUTHORIZED, never
 * with another exception. Tries: jqwik's default; bench/fuzz/run.sh raises them.
 */
class FarmTokenFuzzTest {
    private static final String TOKEN = "test-farm-token-0123456789";
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(1), 1 << 20,
            t -> t instanceof VentanaException v && v.kind() == ErrorKind.UNAUTHORIZED);
    private final FarmToken farmToken = new FarmToken(TOKEN);

    @Property
    void onlyTheTokenPasses(@ForAll("headers") String header) {
        BUDGET.check(header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8), () -> {
            farmToken.check(header);
            assertThat(header).isEqualTo("Bearer " + TOKEN);
        });
    }

    @Provide
    Arbitrary<String> headers() {
        List<byte[]> seeds = List.of(("Bearer " + TOKEN).getBytes(StandardCharsets.UTF_8),
                ("bearer " + TOKEN + " ").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), Arbitraries.just(null),
                HostileBytes.mutationsOf(seeds, 256).map(b -> new String(b, StandardCharsets.UTF_8)));
    }
}
