package dev.ventana.host.display.protocol;

import dev.ventana.host.fuzz.Budget;
import dev.ventana.host.fuzz.HostileBytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Hostile bytes from a browser (docs/benchmarks.md, "Hostile bytes: fuzz runs"): whatever arrives,
 * the decoder and the input gate answer a message or a {@link ProtocolViolation}, nothing else,
 * quickly and in little memory. The tries are jqwik's default, 1000 in the unit tests;
 * bench/fuzz/run.sh sets {@code jqwik.tries.default} for the long run.
 */
class BrowserMessageFuzzTest {
    private static final int SCREEN_W = 720;
    private static final int SCREEN_H = 400;
    private static final byte[] HELLO = {(byte) 0x81, 1, 0};
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(1), 1 << 20,
            t -> t instanceof ProtocolViolation);

    @Property
    void randomBytesAfterTheHandshake(@ForAll @Size(max = 80) byte[] junk) {
        checkAfterHello(junk);
    }

    @Property
    void mutatedVectorsAfterTheHandshake(@ForAll("mutated") byte[] message) {
        checkAfterHello(message);
    }

    /** A whole connection from its first message, so that the handshake's order is fuzzed too. */
    @Property
    void mutatedConnections(@ForAll("connections") List<byte[]> messages) {
        BUDGET.check(messages.isEmpty() ? new byte[0] : messages.getLast(), () -> {
            InputGate gate = new InputGate(InputFlood.standard());
            long now = 0;
            for (byte[] m : messages) {
                assertNotNull(gate.admit(ByteBuffer.wrap(m), SCREEN_W, SCREEN_H, now += 1_000_000));
            }
        });
    }

    private static void checkAfterHello(byte[] message) {
        BUDGET.check(message, () -> new BrowserMessageDecoder().decode(message));
        BUDGET.check(message, () -> {
            InputGate gate = new InputGate(InputFlood.standard());
            gate.admit(ByteBuffer.wrap(HELLO), SCREEN_W, SCREEN_H, 0);
            assertNotNull(gate.admit(ByteBuffer.wrap(message), SCREEN_W, SCREEN_H, 1));
        });
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return HostileBytes.mutationsOf(seeds(), 4096);
    }

    @Provide
    Arbitrary<List<byte[]>> connections() {
        List<byte[]> seeds = seeds();
        Arbitrary<byte[]> one = Arbitraries.oneOf(Arbitraries.of(seeds), HostileBytes.mutationsOf(seeds, 4096));
        // Mostly after a valid HELLO, so the messages behind the handshake are reached; sometimes not.
        return Combinators.combine(Arbitraries.integers().between(0, 3), one.list().ofMaxSize(12)).as((start, rest) -> {
            List<byte[]> all = new ArrayList<>(rest.size() + 1);
            if (start > 0) {
                all.add(HELLO);
            }
            all.addAll(rest);
            return all;
        });
    }

    /** Every message of the shared vectors, valid or not, and a clipboard text with multi-byte characters. */
    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String file : List.of("browser-to-host.json", "invalid-browser-to-host.json")) {
            for (JsonNode v : Vectors.load(file).get("vectors")) {
                if (v.has("hex")) { // the two over the size limits are described, not spelled out
                    seeds.add(Vectors.hex(v.get("hex").asString()));
                }
            }
        }
        for (JsonNode v : Vectors.load("browser-to-host-sequences.json").get("vectors")) {
            for (JsonNode step : v.get("steps")) {
                seeds.add(Vectors.hex(step.get(0).asString()));
            }
        }
        byte[] text = "grüße, 世界 🙂".getBytes(StandardCharsets.UTF_8);
        seeds.add(ByteBuffer.allocate(1 + text.length).put((byte) 0x89).put(text).array());
        return seeds;
    }
}
