package dev.ventana.host.rfb;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import dev.ventana.host.fuzz.Budget;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;

/**
 * The RFB decoder under Jazzer's coverage-guided fuzzing (docs/benchmarks.md, "Hostile bytes: fuzz
 * runs"), beside {@link RfbDecoderFuzzTest}'s mutations: a stream of server messages decodes or ends
 * in an IOException. With JAZZER_FUZZ=1 (bench/fuzz/run.sh) it runs a million inputs. The unit
 * tests skip it: replaying its seeds would cost Jazzer's agent start (10 to 40 s here) for what
 * the jqwik properties already cover there.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
class RfbDecoderCoverageFuzzTest {
    private static final RfbLimits LIMITS = new RfbLimits(1024, 768, 64, 4096);
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(1), 16L << 20, t -> t instanceof IOException);

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "60m")
    void serverStreams(byte[] stream) {
        BUDGET.check(stream, () -> {
            RfbDecoder decoder = new RfbDecoder(new ByteArrayInputStream(stream), new Framebuffer(16, 16), LIMITS);
            for (int i = 0; i < 64; i++) {
                decoder.next();
            }
        });
    }
}
