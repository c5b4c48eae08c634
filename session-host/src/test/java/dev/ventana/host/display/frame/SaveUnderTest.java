package dev.ventana.host.display.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.TestScreens;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.display.protocol.Canvas;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageEncoder;
import dev.ventana.host.display.protocol.HostMessageReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A window dragged over a photo wallpaper and back: with the browser's save-under the wallpaper it
 * uncovers goes as RESTORE, and the browser still shows the screen after every frame.
 */
class SaveUnderTest {
    static final int W = 480;
    static final int H = 320;
    static final Rect WINDOW = new Rect(20, 40, 120, 90);
    private final Picture wallpaper = TestScreens.photo(W, H);
    private final Picture window = TestScreens.textConsole(WINDOW.width(), WINDOW.height(), 3);
    private final HostMessageEncoder bytes = new HostMessageEncoder();

    @Test
    void aWindowDraggedThereAndBackUncoversWallpaperTheBrowserAlreadyHolds() {
        Drag plain = drag(false);
        Drag saved = drag(true);
        assertEquals(0, plain.restores());
        assertTrue(saved.restores() > 10, "restores: " + saved.restores());
        assertTrue(saved.bytes() * 2 < plain.bytes(), saved.bytes() + " bytes with a save-under, " + plain.bytes() + " without");
    }

    @Test
    void whatTheScreenNoLongerShowsAsItWasIsPaintedNotRestored() {
        FrameEncoder encoder = new FrameEncoder(new RegionEncoder(), W, H, false, true);
        Canvas browser = new Canvas(W, H);
        Picture first = desktop(WINDOW.x(), WINDOW.y());
        send(encoder, browser, 1, first, first.bounds());
        Picture moved = desktop(WINDOW.x() + 100, WINDOW.y());
        send(encoder, browser, 2, moved, new Rect(WINDOW.x(), WINDOW.y(), WINDOW.width() + 100, WINDOW.height()));
        // Back again, but the wallpaper under the window's second place changed meanwhile.
        Picture back = desktop(WINDOW.x(), WINDOW.y());
        for (int y = WINDOW.y(); y < WINDOW.bottom(); y++) {
            for (int x = WINDOW.right(); x < WINDOW.right() + 100; x++) {
                back.argb()[y * W + x] ^= 0x00_0101;
            }
        }
        List<HostMessage> messages = send(encoder, browser, 3, back, new Rect(WINDOW.x(), WINDOW.y(), WINDOW.width() + 100, WINDOW.height()));
        assertTrue(messages.stream().noneMatch(HostMessage.Restore.class::isInstance), messages.toString());
    }

    @Test
    void aBrowserWithoutASaveUnderIsNeverSentARestore() {
        assertTrue(new Exposures().find(desktop(0, 0), new CanvasMirror(W, H), new Rect(0, 0, W, H)).isEmpty());
    }

    private record Drag(int bytes, long restores) {
    }

    /** 12 steps of 15 pixels right, then back, the damage each time both places of the window. */
    private Drag drag(boolean saveUnder) {
        FrameEncoder encoder = new FrameEncoder(new RegionEncoder(), W, H, false, saveUnder);
        Canvas browser = new Canvas(W, H);
        Picture first = desktop(WINDOW.x(), WINDOW.y());
        send(encoder, browser, 1, first, first.bounds());
        int bytesSent = 0;
        long restores = 0;
        int x = WINDOW.x();
        long frame = 2;
        for (int step = 0; step < 24; step++) {
            int next = x + (step < 12 ? 15 : -15);
            Picture screen = desktop(next, WINDOW.y());
            Rect damage = new Rect(Math.min(x, next), WINDOW.y(), WINDOW.width() + 15, WINDOW.height());
            List<HostMessage> messages = send(encoder, browser, frame++, screen, damage);
            bytesSent += messages.stream().mapToInt(m -> bytes.encode(m).length).sum();
            restores += messages.stream().filter(HostMessage.Restore.class::isInstance).count();
            x = next;
        }
        return new Drag(bytesSent, restores);
    }

    /** Encodes a frame, applies its bytes as the browser would, and checks the browser shows the screen. */
    private List<HostMessage> send(FrameEncoder encoder, Canvas browser, long number, Picture screen, Rect damage) {
        FrameComposer.Frame frame = new FrameComposer.Frame(number, Optional.empty(), List.of(damage),
                List.of(new FrameComposer.Work(damage, false)));
        List<HostMessage> messages = encoder.encode(frame, screen).messages();
        messages.forEach(m -> browser.apply(HostMessageReader.read(bytes.encode(m))));
        int[] expected = new int[W * H];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = screen.argb()[i] & 0xff_ffff;
        }
        assertArrayEquals(expected, browser.rgb(), "frame " + number);
        return messages;
    }

    private Picture desktop(int x, int y) {
        Picture p = new Picture(W, H, wallpaper.argb().clone());
        for (int row = 0; row < window.height(); row++) {
            System.arraycopy(window.argb(), row * window.width(), p.argb(), (y + row) * W + x, window.width());
        }
        return p;
    }
}
