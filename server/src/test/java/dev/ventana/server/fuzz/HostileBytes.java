package dev.ventana.server.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

/**
 * The same as session-host's dev.ventana.host.fuzz.HostileBytes (test code is not shared between
 * modules). Inputs for the hostile-bytes properties (docs/benchmarks.md, "Hostile bytes"): valid messages
 * mutated the way a fuzzer without coverage feedback mutates them. Purely random bytes rarely
 * get past a parser's first type and length checks; a valid message with a few bytes flipped,
 * cut, repeated or spliced from another reaches the checks behind them.
 */
public final class HostileBytes {
    /** Values that sit on the edges of the fields they land in: zero, one, signed and unsigned extremes. */
    private static final int[] EDGES = {0, 1, 2, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x10};
    private static final int[] WIDE_EDGES = {0, 1, -1, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0x10000, 0x100};

    private HostileBytes() {
    }

    /** Each sample: one seed, changed by one to six mutations, at most {@code maxBytes} long. */
    public static Arbitrary<byte[]> mutationsOf(List<byte[]> seeds, int maxBytes) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        return Arbitraries.randomValue(random -> mutate(seeds, random, maxBytes));
    }

    /** One sample of {@link #mutationsOf}, for generators that mutate inside a container of their own. */
    public static byte[] mutate(List<byte[]> seeds, Random random, int maxBytes) {
        byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
        int rounds = 1 + random.nextInt(6);
        for (int i = 0; i < rounds; i++) {
            b = once(b, seeds, random);
        }
        return b.length > maxBytes ? java.util.Arrays.copyOf(b, maxBytes) : b;
    }

    private static byte[] once(byte[] b, List<byte[]> seeds, Random random) {
        int at = b.length == 0 ? 0 : random.nextInt(b.length);
        switch (random.nextInt(8)) {
            case 0 -> {
                if (b.length > 0) {
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                if (b.length > 0) {
                    b[at] = (byte) (random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextInt());
                }
            }
            case 2 -> {
                int v = WIDE_EDGES[random.nextInt(WIDE_EDGES.length)];
                int width = random.nextBoolean() ? 2 : 4;
                for (int k = 0; k < width && at + k < b.length; k++) {
                    b[at + k] = (byte) (v >>> (8 * (width - 1 - k)));
                }
            }
            case 3 -> {
                byte[] extra = new byte[1 + random.nextInt(16)];
                random.nextBytes(extra);
                return splice(b, at, at, extra);
            }
            case 4 -> {
                return splice(b, at, Math.min(b.length, at + 1 + random.nextInt(8)), new byte[0]);
            }
            case 5 -> {
                return java.util.Arrays.copyOf(b, at);
            }
            case 6 -> {
                int end = Math.min(b.length, at + 1 + random.nextInt(32));
                return splice(b, at, at, java.util.Arrays.copyOfRange(b, at, end));
            }
            default -> {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                return splice(b, at, b.length, java.util.Arrays.copyOfRange(other, from, other.length));
            }
        }
        return b;
    }

    /** {@code b} with {@code [from, to)} replaced by {@code insert}. */
    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, from);
        out.write(insert, 0, insert.length);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }
}
