package dev.ventana.host.display.endpoint;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Not a test: what recorded host messages ({@link DisplayBytesRecording}) cost on the browser's
 * hop. Counts WebSocket frames (header and payload, server to browser, unmasked) plain and as
 * permessage-deflate does it (RFC 7692: one raw deflate stream per direction, each message
 * SYNC_FLUSHed and its trailing 00 00 ff ff dropped; Tomcat's level is the default, 6), with the
 * dictionary kept across messages and without, and the CPU that compressing costs. Run with
 * {@code java -cp session-host/target/classes:session-host/target/test-classes
 * dev.ventana.host.display.endpoint.WireBytes <dir>}.
 */
public final class WireBytes {
    private WireBytes() {
    }

    record Message(int millis, byte[] bytes) {
    }

    public static void main(String[] args) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".rec")).sorted().toList()) {
                report(file);
            }
        }
    }

    static void report(Path file) throws IOException {
        List<Message> messages = read(file);
        long payload = 0;
        long plain = 0;
        Map<Integer, long[]> byType = new TreeMap<>();
        for (Message m : messages) {
            payload += m.bytes().length;
            plain += frame(m.bytes().length);
        }
        long kept = deflated(messages, Deflater.DEFAULT_COMPRESSION, true, byType);
        long fresh = deflated(messages, Deflater.DEFAULT_COMPRESSION, false, null);
        long fast = deflated(messages, 1, true, null);
        long batched = deflated(batched(messages), Deflater.DEFAULT_COMPRESSION, true, null);
        // CPU: best of five passes of the whole recording, kept dictionary, level 6.
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            deflated(messages, Deflater.DEFAULT_COMPRESSION, true, null);
            best = Math.min(best, System.nanoTime() - t);
        }
        int span = messages.isEmpty() ? 0 : messages.getLast().millis();
        System.out.printf("%s: %d messages over %.1f s; payload %d, plain frames %d, deflate kept %d, "
                        + "deflate per message %d, deflate level 1 kept %d, deflate kept with each frame as one BATCH %d; "
                        + "compressing took %.2f ms (%.1f us per message)%n",
                file.getFileName(), messages.size(), span / 1000.0, payload, plain, kept, fresh, fast, batched, best / 1e6,
                messages.isEmpty() ? 0 : best / 1e3 / messages.size());
        byType.forEach((type, t) -> System.out.printf("   type 0x%02x: %d messages, payload %d, deflated frames %d%n",
                type, t[0], t[1], t[2]));
    }

    /** Frame bytes with permessage-deflate; byType (if given) gets count, payload and frame bytes per type. */
    static long deflated(List<Message> messages, int level, boolean keepDictionary, Map<Integer, long[]> byType) {
        Deflater deflater = new Deflater(level, true);
        byte[] out = new byte[1 << 21];
        long total = 0;
        for (Message m : messages) {
            if (!keepDictionary) {
                deflater.reset();
            }
            deflater.setInput(m.bytes());
            int n = 0;
            do {
                n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            } while (n == out.length);
            int size = frame(n - 4);
            total += size;
            if (byType != null) {
                long[] t = byType.computeIfAbsent(m.bytes()[0] & 0xff, k -> new long[3]);
                t[0]++;
                t[1] += m.bytes().length;
                t[2] += size;
            }
        }
        deflater.end();
        return total;
    }

    /** Each frame's messages (up to its FRAME_END) joined as the host joins them for a browser that takes BATCH. */
    static List<Message> batched(List<Message> messages) {
        List<Message> out = new ArrayList<>();
        List<byte[]> frame = new ArrayList<>();
        dev.ventana.host.display.protocol.FrameBatcher batcher = new dev.ventana.host.display.protocol.FrameBatcher();
        for (Message m : messages) {
            frame.add(m.bytes());
            if (m.bytes()[0] == 0x03) {
                batcher.join(frame).forEach(b -> out.add(new Message(m.millis(), b)));
                frame.clear();
            }
        }
        batcher.join(frame).forEach(b -> out.add(new Message(0, b)));
        return out;
    }

    /** A server frame's size for a payload of n bytes: 2, 4 or 10 bytes of header. */
    static int frame(int n) {
        return n + (n <= 125 ? 2 : n <= 0xffff ? 4 : 10);
    }

    static List<Message> read(Path file) throws IOException {
        List<Message> messages = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            while (true) {
                int millis;
                try {
                    millis = in.readInt();
                } catch (EOFException end) {
                    return messages;
                }
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                if (b[0] != 0) { // 0x00: the picture the recording started from, not a message
                    messages.add(new Message(millis, b));
                }
            }
        }
    }
}
