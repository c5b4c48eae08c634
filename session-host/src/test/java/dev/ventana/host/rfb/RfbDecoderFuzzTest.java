package dev.ventana.host.rfb;

import dev.ventana.host.fuzz.Budget;
import dev.ventana.host.fuzz.HostileBytes;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bytes from QEMU's VNC server, which the guest partly controls (docs/benchmarks.md,
 * "Hostile bytes: fuzz runs"): a stream of server messages either decodes or ends in an
 * IOException (EOF or {@link RfbProtocolException}), in bounded time and memory, and never
 * grows the framebuffer past the limits. Tries: jqwik's default; bench/fuzz/run.sh raises them.
 */
class RfbDecoderFuzzTest {
    private static final RfbLimits LIMITS = new RfbLimits(1024, 768, 64, 4096);
    /** The largest framebuffer the limits allow is 3 MiB of ints; a resize may allocate it once or twice. */
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(1), 16L << 20, t -> t instanceof IOException);

    @Property
    void randomStreams(@ForAll @Size(max = 600) byte[] stream) {
        check(stream);
    }

    @Property
    void mutatedServerMessages(@ForAll("mutated") byte[] stream) {
        check(stream);
    }

    private static void check(byte[] stream) {
        Framebuffer fb = new Framebuffer(16, 16);
        BUDGET.check(stream, () -> {
            RfbDecoder decoder = new RfbDecoder(new ByteArrayInputStream(stream), fb, LIMITS);
            for (int i = 0; i < 64; i++) {
                assertThat(decoder.next()).isNotNull();
            }
        });
        assertThat(fb.width()).isBetween(1, LIMITS.maxWidth());
        assertThat(fb.height()).isBetween(1, LIMITS.maxHeight());
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        List<byte[]> messages = messages();
        // A seed is a run of one to four messages, so a mutation in one shifts the framing of the next.
        List<byte[]> seeds = new ArrayList<>(messages);
        for (int i = 0; i < messages.size(); i++) {
            seeds.add(concat(messages.get(i), messages.get((i + 3) % messages.size()),
                    messages.get((i + 5) % messages.size())));
        }
        return HostileBytes.mutationsOf(seeds, 8192);
    }

    /** One of each message the client reads, as QEMU sends them. */
    private static List<byte[]> messages() {
        byte[] text = "clipboard ☂".getBytes(StandardCharsets.ISO_8859_1);
        return List.of(
                new RfbBytes().updateHeader(1).rect(1, 2, 2, 1, 0).pixels(0x112233, 0xa0b0c0).bytes(),
                new RfbBytes().updateHeader(3).rect(0, 0, 0, 0, -258).rect(0, 0, 40, 30, -223)
                        .rect(39, 29, 1, 1, 0).pixels(0xffffff).bytes(),
                new RfbBytes().updateHeader(0).bytes(),
                new RfbBytes().u8(1).u8(0).u16(3).u16(2).raw(new byte[12]).bytes(),
                new RfbBytes().u8(2).bytes(),
                new RfbBytes().u8(3).u8(0).u16(0).s32(text.length).raw(text).bytes(),
                serverForm(ExtendedClipboard.provide("über the guest's clipboard")),
                serverForm(ExtendedClipboard.notifyText()),
                serverForm(ExtendedClipboard.request()),
                new RfbBytes().u8(3).u8(0).u16(0).s32(-8).s32(ExtendedClipboard.CAPS | ExtendedClipboard.TEXT)
                        .s32(4096).bytes());
    }

    /** The extended clipboard's messages have one layout both ways; only the type differs. */
    private static byte[] serverForm(byte[] clientMessage) {
        byte[] m = clientMessage.clone();
        m[0] = 3;
        return m;
    }

    private static byte[] concat(byte[]... parts) {
        RfbBytes all = new RfbBytes();
        for (byte[] p : parts) {
            all.raw(p);
        }
        return all.bytes();
    }
}
