package dev.ventana.host.display.frame;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.display.protocol.Canvas;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageEncoder;
import dev.ventana.host.display.protocol.HostMessageReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Not a test: replays a recording of DisplayBytesRecording through this build's frame encoder,
 * so that two builds compare on exactly the same pictures and damage (a live session never
 * repeats itself, least of all on a loaded machine). The recording's first record is the
 * picture it started from; each recorded frame's regions become the damage of one frame, the
 * screen being the recorded picture after them. Lossless (no JPEG), so the pictures stay exact.
 * Prints frames, payload, bytes on the wire plain and with permessage-deflate (dictionary kept,
 * level 6), and the encoder's CPU time (best of five). Run with {@code java -cp
 * session-host/target/classes:session-host/target/test-classes:<deps>
 * dev.ventana.host.display.frame.FrameReplay <file.rec> [deflated-hop] [batches]}: the options as
 * the browser's HELLO flag bits 1 and 3 would ask.
 */
public final class FrameReplay {
    /** CPU time, not wall time: on a shared machine the wall clock measures the neighbours. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private FrameReplay() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args).subList(1, args.length);
        boolean deflatedHop = options.contains("deflated-hop");
        boolean batches = options.contains("batches");
        List<byte[]> records = read(Path.of(args[0]));
        long best = Long.MAX_VALUE;
        Result result = null;
        for (int i = 0; i < 5; i++) {
            result = replay(records, deflatedHop, batches);
            best = Math.min(best, result.nanos);
        }
        System.out.printf("%s %s: %d frames, %d messages (%d COPY), payload %d, plain frames %d, deflated %d; encoding %.1f ms of CPU (best of 5)%n",
                Path.of(args[0]).getFileName(), options, result.frames, result.sent.size(),
                result.copies, result.sent.stream().mapToInt(b -> b.length).sum(),
                result.sent.stream().mapToInt(b -> frame(b.length)).sum(), deflated(result.sent), best / 1e6);
    }

    record Result(int frames, List<byte[]> sent, int copies, long nanos) {
    }

    static Result replay(List<byte[]> records, boolean deflatedHop, boolean batches) throws Exception {
        ByteBuffer start = ByteBuffer.wrap(records.getFirst());
        start.get();
        int width = start.getShort() & 0xffff;
        int height = start.getShort() & 0xffff;
        int[] first = new int[width * height];
        for (int i = 0; i < first.length; i++) {
            first[i] = 0xff000000 | (start.get() & 0xff) << 16 | (start.get() & 0xff) << 8 | (start.get() & 0xff);
        }
        RegionEncoder regions = deflatedHop
                ? RegionEncoder.class.getConstructor(boolean.class).newInstance(true) : new RegionEncoder();
        FrameComposer composer = new FrameComposer(width, height);
        FrameEncoder encoder = new FrameEncoder(regions, width, height, false);
        Canvas screen = new Canvas(width, height);
        HostMessageEncoder bytes = new HostMessageEncoder();
        long now = 0;
        // The starting picture, painted and acknowledged before anything counts.
        FrameComposer.Frame prime = composer.nextFrame(now).orElseThrow();
        for (HostMessage m : encoder.encode(prime, new Picture(width, height, first)).messages()) {
            screen.apply(m);
        }
        composer.acknowledge(prime.number());
        List<byte[]> sent = new ArrayList<>();
        int frames = 0;
        int copies = 0;
        long nanos = 0;
        boolean damaged = false;
        for (byte[] record : records.subList(1, records.size())) {
            HostMessage m = HostMessageReader.read(record);
            now += 1_000_000;
            if (m instanceof HostMessage.Region region) {
                screen.apply(m);
                composer.damage(region.rect(), now);
                damaged = true;
            } else if (m instanceof HostMessage.FrameEnd && damaged) {
                damaged = false;
                int[] rgb = screen.rgb();
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] |= 0xff000000;
                }
                Picture picture = new Picture(width, height, rgb);
                FrameComposer.Frame frame = composer.nextFrame(now).orElseThrow();
                long t = CPU.getCurrentThreadCpuTime();
                FrameEncoder.Encoded encoded = encoder.encode(frame, picture);
                nanos += CPU.getCurrentThreadCpuTime() - t;
                composer.acknowledge(frame.number());
                frames++;
                List<byte[]> messages = new ArrayList<>();
                for (HostMessage out : encoded.messages()) {
                    copies += out instanceof HostMessage.Copy ? 1 : 0;
                    messages.add(bytes.encode(out));
                    if (Boolean.getBoolean("verbose") && !(out instanceof HostMessage.FrameEnd)) {
                        System.out.println("  frame " + frame.number() + ": " + (out instanceof HostMessage.Region r
                                ? out.getClass().getSimpleName() + " " + r.rect() : out) + " " + messages.getLast().length);
                    }
                }
                if (Boolean.getBoolean("verbose")) {
                    System.out.println("  frame " + frame.number() + " areas " + frame.areas());
                }
                sent.addAll(batches ? new dev.ventana.host.display.protocol.FrameBatcher().join(messages) : messages);
            }
        }
        return new Result(frames, sent, copies, nanos);
    }

    static long deflated(List<byte[]> messages) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        byte[] out = new byte[1 << 21];
        long total = 0;
        for (byte[] m : messages) {
            deflater.setInput(m);
            int n = 0;
            do {
                n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            } while (n == out.length);
            total += frame(n - 4);
        }
        deflater.end();
        return total;
    }

    static int frame(int n) {
        return n + (n <= 125 ? 2 : n <= 0xffff ? 4 : 10);
    }

    static List<byte[]> read(Path file) throws IOException {
        List<byte[]> records = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            while (true) {
                try {
                    in.readInt();
                } catch (EOFException end) {
                    return records;
                }
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                records.add(b);
            }
        }
    }
}
