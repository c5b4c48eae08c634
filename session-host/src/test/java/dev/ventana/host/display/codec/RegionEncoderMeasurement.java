package dev.ventana.host.display.codec;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.frame.DisplayStream;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageEncoder;
import dev.ventana.host.display.protocol.ProtocolViolation;
import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A measurement, not a test: bytes and encode time of our codecs against raw pixels and
 * ImageIO's PNG, on a 720x400 text console and a 1024x768 desktop drawn with Java2D.
 * Run: java -cp session-host/target/classes:session-host/target/test-classes
 * dev.ventana.host.display.codec.RegionEncoderMeasurement
 */
public final class RegionEncoderMeasurement {

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        report("720x400 text console", textConsole());
        report("1024x768 desktop", desktop());
        streamCosts(textConsole());
    }

    /** What typing and scrolling cost on the wire through the whole display stream. */
    private static void streamCosts(Picture console) {
        HostMessageEncoder messages = new HostMessageEncoder();
        DisplayStream stream = new DisplayStream(720, 400, false);
        int first = bytes(stream.nextFrame(console, 0).orElseThrow(), messages);
        // One character typed: QEMU reports the 16x16 block around it (here a 9x16 cell changed).
        int[] p = console.argb();
        for (int y = 388; y < 400; y++) {
            for (int x = 180; x < 186; x++) {
                p[y * 720 + x] = 0xffaaaaaa;
            }
        }
        stream.damage(new Rect(176, 384, 16, 16), 1);
        long start = System.nanoTime();
        int typed = bytes(stream.nextFrame(console, 1).orElseThrow(), messages);
        double typedMs = (System.nanoTime() - start) / 1e6;
        // The console scrolls one line, 30 times: everything moves up 16 pixels, the old top line
        // comes back at the bottom (so the rows stay distinct, as real output is).
        List<HostMessage> scroll = List.of();
        long[] scrollNanos = new long[30];
        for (int i = 0; i < scrollNanos.length; i++) {
            int[] top = Arrays.copyOf(p, 16 * 720);
            System.arraycopy(p, 16 * 720, p, 0, 384 * 720);
            System.arraycopy(top, 0, p, 384 * 720, 16 * 720);
            stream.damage(console.bounds(), 2 + i);
            try {
                stream.acknowledge(2 + i);
            } catch (ProtocolViolation e) {
                throw new IllegalStateException(e);
            }
            start = System.nanoTime();
            scroll = stream.nextFrame(console, 2 + i).orElseThrow();
            scrollNanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(scrollNanos);
        double scrollMs = scrollNanos[scrollNanos.length / 2] / 1e6;
        System.out.printf("%nDisplayStream on the 720x400 console (wire bytes incl. FRAME_END; scroll: median of 30)%n");
        System.out.printf("  first frame (whole screen)      %6d B%n", first);
        System.out.printf("  one character typed             %6d B  %.2f ms  %s%n", typed, typedMs, "");
        System.out.printf("  scrolled one line               %6d B  %.2f ms  %s%n", bytes(scroll, messages), scrollMs,
                scroll.stream().map(m -> m.getClass().getSimpleName()).toList());
    }

    private static int bytes(List<HostMessage> frame, HostMessageEncoder messages) {
        return frame.stream().mapToInt(m -> messages.encode(m).length).sum();
    }

    private static void report(String name, Picture screen) throws IOException {
        Rect all = screen.bounds();
        ColourCensus census = new ColourCensus();
        census.take(screen.argb(), screen.width(), all);
        System.out.printf("%n%s: %d distinct colours%s%n", name, census.count(), census.photographic() ? "+" : "");
        System.out.printf("  %-34s %10s %9s%n", "codec", "bytes", "ms");
        System.out.printf("  %-34s %10d %9s%n", "raw RGB (3 B/px)", all.area() * 3, "-");
        System.out.printf("  %-34s %10d %9s%n", "raw RFB 32 bpp (4 B/px)", all.area() * 4, "-");
        for (int level : new int[]{1, 6, 9}) {
            PngWriter png = new PngWriter(level);
            measure("hand-made PNG, deflate " + level + ", whole", () -> png.write(screen.argb(), screen.width(), all, census).length);
        }
        BufferedImage image = new BufferedImage(screen.width(), screen.height(), BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, screen.width(), screen.height(), screen.argb(), 0, screen.width());
        measure("ImageIO PNG, whole", () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return out.size();
        });
        RegionEncoder encoder = new RegionEncoder();
        HostMessageEncoder messages = new HostMessageEncoder();
        measure("RegionEncoder, wire", () -> encoder.encode(screen, all, false).stream()
                .mapToInt(r -> messages.encode(r).length).sum());
        measure("RegionEncoder, lossy allowed, wire", () -> encoder.encode(screen, all, true).stream()
                .mapToInt(r -> messages.encode(r).length).sum());
    }

    private static void measure(String name, Supplier<Integer> encode) {
        int bytes = 0;
        for (int i = 0; i < 5; i++) {
            bytes = encode.get(); // warm-up: JIT and buffers
        }
        long[] nanos = new long[15];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            encode.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("  %-34s %10d %9.2f%n", name, bytes, nanos[nanos.length / 2] / 1e6);
    }

    /** 80x25 cells of 9x16, light grey on black, no antialiasing: what the VGA console shows. */
    private static Picture textConsole() {
        BufferedImage image = new BufferedImage(720, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 15));
        g.setColor(new Color(0xaaaaaa));
        String[] lines = {
                "[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org)",
                "[    0.000000] Command line: console=ttyS0 console=tty0 quiet",
                "~ # ls -l /usr/bin | head",
                "-rwxr-xr-x    1 root     root         43936 Sep 20  2022 [",
                "-rwxr-xr-x    1 root     root         35560 Sep 20  2022 basename",
                "-rwxr-xr-x    1 root     root         14640 Sep 20  2022 cat",
                "lrwxrwxrwx    1 root     root             7 Jan  1 00:00 busybox -> ../bin",
                "~ # echo ventana-ok", "ventana-ok", "~ # dmesg | tail -5",
        };
        for (int row = 0; row < 25; row++) {
            g.drawString(lines[row % lines.length], 0, row * 16 + 12);
        }
        g.dispose();
        return pictureOf(image);
    }

    /** Gradient wallpaper, a panel, a window with antialiased text: the office guest's kind of screen. */
    private static Picture desktop() {
        BufferedImage image = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x204080), 1024, 768, new Color(0x60a0c0)));
        g.fillRect(0, 0, 1024, 768);
        g.setColor(new Color(0xd4d0c8));
        g.fillRect(0, 744, 1024, 24);
        g.setColor(Color.WHITE);
        g.fillRect(120, 80, 760, 560);
        g.setColor(new Color(0x3060a0));
        g.fillRect(120, 80, 760, 24);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString("xterm - mousepad notes.txt", 130, 97);
        g.setColor(new Color(0x202020));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int line = 0; line < 32; line++) {
            g.drawString("Quarterly figures, line " + line + ": revenue 12,345.67 EUR, costs 9,876.54 EUR, margin 20%", 130, 124 + line * 16);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < 8; i++) {
            g.setColor(new Color(0x808000 + i * 0x101010));
            g.fillRoundRect(24, 24 + i * 80, 48, 48, 10, 10);
            g.setColor(Color.WHITE);
            g.drawString("Icon " + i, 28, 88 + i * 80);
        }
        g.dispose();
        return pictureOf(image);
    }

    private static Picture pictureOf(BufferedImage image) {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new Picture(image.getWidth(), image.getHeight(), pixels);
    }
}
