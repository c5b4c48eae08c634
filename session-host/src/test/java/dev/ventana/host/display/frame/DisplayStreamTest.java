package dev.ventana.host.display.frame;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.TestScreens;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.display.protocol.Canvas;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageEncoder;
import dev.ventana.host.display.protocol.HostMessageReader;
import dev.ventana.host.display.protocol.ProtocolViolation;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisplayStreamTest {

    private static final long MS = 1_000_000L;
    private final HostMessageEncoder bytes = new HostMessageEncoder();

    @Test
    void theFirstFrameRepaintsTheScreenAndEndsWithFrameOne() {
        Picture screen = TestScreens.textConsole(720, 400, 1);
        DisplayStream stream = new DisplayStream(720, 400, false);
        assertEquals(new HostMessage.Hello(1, 720, 400, 3), stream.hello());
        Browser browser = new Browser(720, 400);
        List<HostMessage> frame = stream.nextFrame(screen, 0).orElseThrow();
        assertEquals(new HostMessage.FrameEnd(1), frame.getLast());
        browser.apply(frame);
        assertArrayEquals(rgbOf(screen), browser.canvas.rgb());
    }

    @Test
    void damageThatChangedNothingCostsOnlyTheFrameEnd() {
        Picture screen = TestScreens.textConsole(720, 400, 2);
        DisplayStream stream = new DisplayStream(720, 400, false);
        stream.nextFrame(screen, 0);
        stream.damage(new Rect(0, 0, 720, 400), 0);
        assertEquals(List.of(new HostMessage.FrameEnd(2)), stream.nextFrame(screen, 0).orElseThrow());
    }

    @Test
    void aScrolledConsoleGoesAsOneCopyAndTheNewLine() {
        Picture before = TestScreens.textConsole(720, 400, 3);
        DisplayStream stream = new DisplayStream(720, 400, false);
        Browser browser = new Browser(720, 400);
        browser.apply(stream.nextFrame(before, 0).orElseThrow());

        int[] scrolled = new int[720 * 400];
        System.arraycopy(before.argb(), 16 * 720, scrolled, 0, 720 * 384);
        Picture newLine = TestScreens.textConsole(720, 16, 99);
        System.arraycopy(newLine.argb(), 0, scrolled, 720 * 384, 720 * 16);
        Picture after = new Picture(720, 400, scrolled);
        stream.damage(after.bounds(), 10 * MS);
        List<HostMessage> frame = stream.nextFrame(after, 10 * MS).orElseThrow();

        HostMessage.Copy copy = assertInstanceOf(HostMessage.Copy.class, frame.getFirst());
        assertEquals(16, copy.srcY() - copy.rect().y());
        browser.apply(frame);
        assertArrayEquals(rgbOf(after), browser.canvas.rgb());
        int scrollBytes = frame.stream().mapToInt(m -> bytes.encode(m).length).sum();
        int repaintBytes = new RegionEncoder().encode(after, after.bounds(), false).stream().mapToInt(m -> bytes.encode(m).length).sum();
        assertTrue(scrollBytes * 4 < repaintBytes, "scroll " + scrollBytes + " B vs repaint " + repaintBytes + " B");
    }

    @Test
    void aWindowScrollingWhileTheClockTicksElsewhereIsStillACopy() {
        Picture desktop = TestScreens.desktop(6);
        DisplayStream stream = new DisplayStream(1024, 768, false);
        Browser browser = new Browser(1024, 768);
        browser.apply(stream.nextFrame(desktop, 0).orElseThrow());

        Rect text = new Rect(110, 110, 680, 460);
        int[] p = desktop.argb();
        for (int y = text.y(); y < text.bottom() - 16; y++) {
            System.arraycopy(p, (y + 16) * 1024 + text.x(), p, y * 1024 + text.x(), text.width());
        }
        for (int y = text.bottom() - 16; y < text.bottom(); y++) {
            java.util.Arrays.fill(p, y * 1024 + text.x(), y * 1024 + text.right(), 0xffffffff);
        }
        Rect clock = new Rect(960, 748, 50, 16);
        for (int y = clock.y(); y < clock.bottom(); y++) {
            java.util.Arrays.fill(p, y * 1024 + clock.x(), y * 1024 + clock.x() + 20, 0xff000000);
        }
        stream.damage(text, MS);
        stream.damage(clock, MS);
        List<HostMessage> frame = stream.nextFrame(desktop, MS).orElseThrow();

        HostMessage.Copy copy = assertInstanceOf(HostMessage.Copy.class, frame.getFirst());
        assertTrue(text.contains(copy.rect()), copy.toString());
        browser.apply(frame);
        assertArrayEquals(rgbOf(desktop), browser.canvas.rgb());
    }

    @Test
    void videoGoesLossyWhileItPlaysAndLosslessOnceItStops() throws ProtocolViolation {
        Picture screen = Picture.filled(512, 512, 0xff808080);
        DisplayStream stream = new DisplayStream(512, 512, true, 255, new RegionEncoder());
        Browser browser = new Browser(512, 512);
        browser.apply(stream.nextFrame(screen, 0).orElseThrow());
        Rect video = new Rect(0, 0, 256, 256);
        long now = 0;
        boolean sawJpeg = false;
        for (int i = 0; i < 10; i++) {
            now += 40 * MS;
            paintPhoto(screen, video, i);
            stream.damage(video, now);
            List<HostMessage> frame = stream.nextFrame(screen, now).orElseThrow();
            sawJpeg |= frame.stream().anyMatch(HostMessage.Jpeg.class::isInstance);
            browser.apply(frame);
        }
        assertTrue(sawJpeg, "a fast-changing photographic area went lossy");
        assertTrue(stream.needsTimer());
        assertTrue(stream.nextFrame(screen, now + 100 * MS).isEmpty(), "not settled yet");
        List<HostMessage> refined = stream.nextFrame(screen, now + ChangeHeat.SETTLE_NANOS).orElseThrow();
        assertTrue(refined.stream().noneMatch(HostMessage.Jpeg.class::isInstance));
        browser.apply(refined);
        assertArrayEquals(rgbOf(screen), browser.canvas.rgb(), "exact once settled");
        assertTrue(!stream.needsTimer());
    }

    @Test
    void refreshRepaintsEvenWhatDidNotChange() {
        Picture screen = TestScreens.textConsole(300, 200, 4);
        DisplayStream stream = new DisplayStream(300, 200, false);
        stream.nextFrame(screen, 0);
        stream.refresh();
        Browser fresh = new Browser(300, 200);
        fresh.apply(stream.nextFrame(screen, 0).orElseThrow());
        assertArrayEquals(rgbOf(screen), fresh.canvas.rgb());
    }

    @Test
    void aScreenOfAnotherSizeStartsWithAResize() {
        DisplayStream stream = new DisplayStream(720, 400, false);
        stream.nextFrame(Picture.filled(720, 400, 0), 0);
        Picture bigger = TestScreens.desktop(5);
        List<HostMessage> frame = stream.nextFrame(bigger, 0).orElseThrow();
        assertEquals(new HostMessage.Resize(1024, 768), frame.getFirst());
        Browser browser = new Browser(720, 400);
        browser.apply(frame);
        assertArrayEquals(rgbOf(bigger), browser.canvas.rgb());
    }

    /**
     * Whatever the guest paints, scrolls or fills, and however late the browser acks, the
     * browser's canvas equals the screen after each frame it receives (lossless mode), with or
     * without a save-under.
     */
    @Property(tries = 60)
    void theBrowserAlwaysEndsUpWithTheScreen(@ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> script) {
        int w = 300;
        int h = 200;
        Picture screen = TestScreens.textConsole(w, h, script.getFirst());
        // Half the scripts with a save-under: RESTORE must never leave the browser wrong either.
        DisplayStream stream = new DisplayStream(w, h, false, 2, new RegionEncoder(), script.getFirst() % 2 == 0);
        Browser browser = new Browser(w, h);
        long now = 0;
        for (int step : script) {
            Random random = new Random(step);
            now += random.nextInt(100) * MS;
            Rect changed = switch (random.nextInt(3)) {
                case 0 -> scrollUp(screen, 1 + random.nextInt(40), step);
                case 1 -> fill(screen, random);
                default -> scribble(screen, random);
            };
            stream.damage(changed, now);
            stream.nextFrame(screen, now).ifPresent(browser::apply);
            if (random.nextBoolean()) {
                acknowledgeAll(stream, browser);
                stream.nextFrame(screen, now).ifPresent(browser::apply);
            }
        }
        acknowledgeAll(stream, browser);
        stream.nextFrame(screen, now).ifPresent(browser::apply);
        assertArrayEquals(rgbOf(screen), browser.canvas.rgb());
    }

    private static void acknowledgeAll(DisplayStream stream, Browser browser) {
        try {
            if (browser.lastFrame > 0) {
                stream.acknowledge(browser.lastFrame);
            }
        } catch (ProtocolViolation e) {
            throw new AssertionError(e);
        }
    }

    private static Rect scrollUp(Picture screen, int dy, long seed) {
        int w = screen.width();
        int h = screen.height();
        int[] p = screen.argb();
        System.arraycopy(p, dy * w, p, 0, (h - dy) * w);
        Picture fresh = TestScreens.textConsole(w, dy, seed);
        System.arraycopy(fresh.argb(), 0, p, (h - dy) * w, dy * w);
        return screen.bounds();
    }

    private static Rect fill(Picture screen, Random random) {
        Rect r = someRect(screen, random);
        int colour = 0xff000000 | random.nextInt(0x100_0000);
        for (int y = r.y(); y < r.bottom(); y++) {
            Arrays.fill(screen.argb(), y * screen.width() + r.x(), y * screen.width() + r.right(), colour);
        }
        return r;
    }

    private static Rect scribble(Picture screen, Random random) {
        Rect r = someRect(screen, random);
        for (int y = r.y(); y < r.bottom(); y++) {
            for (int x = r.x(); x < r.right(); x++) {
                if (random.nextInt(3) == 0) {
                    screen.argb()[y * screen.width() + x] = random.nextInt(); // alpha must not matter
                }
            }
        }
        return r;
    }

    private static Rect someRect(Picture screen, Random random) {
        int x = random.nextInt(screen.width());
        int y = random.nextInt(screen.height());
        return new Rect(x, y, 1 + random.nextInt(screen.width() - x), 1 + random.nextInt(screen.height() - y));
    }

    private static void paintPhoto(Picture screen, Rect r, int phase) {
        Picture photo = TestScreens.photo(r.width() + phase * 7, r.height());
        for (int y = 0; y < r.height(); y++) {
            System.arraycopy(photo.argb(), y * photo.width() + phase * 7, screen.argb(), (r.y() + y) * screen.width() + r.x(), r.width());
        }
    }

    private static int[] rgbOf(Picture p) {
        return Arrays.stream(p.argb()).map(v -> v & 0xff_ffff).toArray();
    }

    /** The browser side in miniature: wire bytes in, a canvas out. */
    private final class Browser {
        final Canvas canvas;
        long lastFrame;

        Browser(int w, int h) {
            canvas = new Canvas(w, h);
        }

        void apply(List<HostMessage> messages) {
            for (HostMessage m : messages) {
                HostMessage received = HostMessageReader.read(bytes.encode(m));
                canvas.apply(received);
                if (received instanceof HostMessage.FrameEnd end) {
                    lastFrame = end.frame();
                }
            }
        }
    }
}
