package dev.ventana.host.display.frame;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.TestScreens;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.display.protocol.Canvas;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageEncoder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A window dragged in any direction is one COPY and the strip it uncovered, through the frame encoder. */
class MoveDetectorTest {
    static final int W = 320;
    static final int H = 240;
    static final int BACKGROUND = 0xff3a6ea5;
    private final Picture window = TestScreens.noise(100, 80, 7);
    private final HostMessageEncoder bytes = new HostMessageEncoder();
    /** What the desktop shows where no window is; one colour unless a test sets a picture. */
    private Picture wallpaper = Picture.filled(W, H, BACKGROUND);

    @Test
    void aWindowDraggedDiagonallyIsCopiedAndOnlyTheUncoveredStripIsPainted() {
        Moved m = drag(new Rect(20, 30, 100, 80), 37, 19, null);
        assertTrue(m.copied(new Rect(57, 49, 100, 80), 37, 19), m.messages.toString());
        assertTrue(m.bytes < 200, "COPY plus solid strips, not a repaint of random pixels: " + m.bytes + " bytes");
    }

    @Test
    void aWindowDraggedUpAndLeftIsCopiedToo() {
        Moved m = drag(new Rect(150, 120, 100, 80), -23, -41, null);
        assertTrue(m.copied(new Rect(127, 79, 100, 80), -23, -41), m.messages.toString());
    }

    @Test
    void aWindowDraggedFarFindsItsSourceInAnotherDamagedArea() {
        // Two damaged areas apart, the move within FrameEncoder.MOVE_RADIUS.
        Rect from = new Rect(5, 5, 100, 80);
        Rect to = new Rect(140, 120, 100, 80);
        Moved m = drag(from, 135, 115, List.of(from, to));
        assertTrue(m.copied(to, 135, 115), m.messages.toString());
    }

    @Test
    void aFramedWindowIsNotFooledByItsBorderWhichLooksTheSameAtEveryHeight() {
        Picture framed = framedWindow();
        Moved m = drag(framed, new Rect(30, 20, 100, 80), 13, 10, null);
        assertTrue(m.copied(new Rect(43, 30, 100, 80), 13, 10), m.messages.toString());
    }

    @Test
    void aWindowOnAGradientWallpaperIsFoundByItsOwnEdgesNotTheWallpapersBesideIt() {
        wallpaper = TestScreens.photo(W, H);
        Moved m = drag(framedWindow(), new Rect(30, 20, 100, 80), 21, 17, null);
        assertTrue(m.copied(new Rect(51, 37, 100, 80), 21, 17), m.messages.toString());
    }

    @Test
    void somethingNewIsPaintedNotCopied() {
        Picture first = desktop(new Rect(20, 30, 100, 80), window);
        Picture second = desktop(new Rect(20, 30, 100, 80), TestScreens.noise(100, 80, 8));
        FrameEncoder encoder = new FrameEncoder(new RegionEncoder(), W, H, false);
        encoder.encode(frame(1, List.of(first.bounds())), first);
        List<HostMessage> messages = encoder.encode(frame(2, List.of(first.bounds())), second).messages();
        assertTrue(messages.stream().noneMatch(HostMessage.Copy.class::isInstance), messages.toString());
    }

    record Moved(List<HostMessage> messages, int bytes) {
        /** A COPY by (dx, dy) covers the window's new place (it may reach into matching background). */
        boolean copied(Rect window, int dx, int dy) {
            return messages.stream().anyMatch(m -> m instanceof HostMessage.Copy c && c.rect().contains(window)
                    && c.rect().x() - c.srcX() == dx && c.rect().y() - c.srcY() == dy);
        }
    }

    /** Paints the window at from, then moves it by (dx, dy); checks the browser ends up with the screen. */
    private Moved drag(Rect from, int dx, int dy, List<Rect> damage) {
        return drag(window, from, dx, dy, damage);
    }

    private Moved drag(Picture window, Rect from, int dx, int dy, List<Rect> damage) {
        Picture first = desktop(from, window);
        Rect to = new Rect(from.x() + dx, from.y() + dy, from.width(), from.height());
        Picture second = desktop(to, window);
        FrameEncoder encoder = new FrameEncoder(new RegionEncoder(), W, H, false);
        Canvas browser = new Canvas(W, H);
        encoder.encode(frame(1, List.of(first.bounds())), first).messages().forEach(browser::apply);
        List<HostMessage> messages = encoder.encode(frame(2, damage == null ? List.of(from.union(to)) : damage), second)
                .messages();
        messages.forEach(browser::apply);
        assertArrayEquals(rgb(second), browser.rgb(), "the browser shows the screen");
        int total = messages.stream().mapToInt(message -> bytes.encode(message).length).sum();
        return new Moved(messages, total);
    }

    /** Striped side borders, identical on every row, around text-like content. */
    private Picture framedWindow() {
        Picture framed = Picture.filled(100, 80, 0xffffffff);
        int[] stripes = {0xff202020, 0xff808080, 0xffc0c0c0, 0xff404040};
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 100; x++) {
                int edge = Math.min(x, 99 - x);
                if (edge < 4) {
                    framed.argb()[y * 100 + x] = stripes[edge];
                } else if (y % 10 < 7 && window.argb()[y * 100 + x] % 3 == 0) {
                    framed.argb()[y * 100 + x] = 0xff000000; // ink
                }
            }
        }
        return framed;
    }

    private static FrameComposer.Frame frame(long number, List<Rect> areas) {
        return new FrameComposer.Frame(number, Optional.empty(), areas,
                areas.stream().map(a -> new FrameComposer.Work(a, false)).toList());
    }

    private Picture desktop(Rect at, Picture content) {
        Picture p = new Picture(W, H, wallpaper.argb().clone());
        for (int y = 0; y < at.height(); y++) {
            System.arraycopy(content.argb(), y * content.width(), p.argb(), (at.y() + y) * W + at.x(), at.width());
        }
        return p;
    }

    private static int[] rgb(Picture p) {
        int[] rgb = new int[p.argb().length];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = p.argb()[i] & 0xffffff;
        }
        return rgb;
    }
}
