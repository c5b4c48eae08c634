package dev.ventana.host.display.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import dev.ventana.host.fuzz.Budget;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The browser message decoder and input gate under Jazzer's coverage-guided fuzzing
 * (docs/benchmarks.md, "Hostile bytes: fuzz runs"), beside {@link BrowserMessageFuzzTest}'s
 * mutations: Jazzer keeps the inputs that reach new branches. With JAZZER_FUZZ=1 (bench/fuzz/run.sh)
 * it runs a million inputs. The unit tests skip it: replaying its seeds would cost Jazzer's agent
 * start (10 to 40 s here) for what the jqwik properties already cover there.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
class BrowserMessageCoverageFuzzTest {
    private static final byte[] HELLO = {(byte) 0x81, 1, 0};
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(1), 1 << 20, t -> t instanceof ProtocolViolation);

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "60m")
    void decodeAfterTheHandshake(byte[] message) {
        BUDGET.check(message, () -> {
            InputGate gate = new InputGate(InputFlood.standard());
            gate.admit(ByteBuffer.wrap(HELLO), 720, 400, 0);
            gate.admit(ByteBuffer.wrap(message), 720, 400, 1);
        });
    }
}
