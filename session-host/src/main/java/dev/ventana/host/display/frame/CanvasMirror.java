package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.protocol.HostMessage;
import java.util.Arrays;

/**
 * The host's copy of what the browser's canvas shows, pixel for pixel. Comparing the screen
 * with it shrinks coarse damage to what really changed (QEMU reports whole 16-pixel blocks,
 * and often repaints unchanged ones), and it is the source side of scroll detection.
 * Alpha marks trust: 0xff the browser holds exactly this colour, 0x01 it holds a lossy
 * approximation, 0x00 unknown; only 0xff ever equals a screen pixel.
 *
 * <p>With a save-under (a browser that keeps one, HELLO flag bit 4) it also mirrors that buffer:
 * before each COPY the pixels it covers outside its own source are saved there, and RESTORE
 * paints them back (docs/protocol.md, "Save-under"). The same trust marks apply.
 */
final class CanvasMirror {

    private static final int EXACT = 0xff00_0000;
    private static final int LOSSY = 0x0100_0000;

    private int width;
    private int height;
    private int[] pixels;
    private final boolean saveUnder;
    /**
     * The browser's save-under as far as it is known: made by the first COPY that saves into it
     * (a viewer that never moves a window never pays its memory), null before and without one.
     */
    private int[] under;

    CanvasMirror(int width, int height) {
        this(width, height, false);
    }

    CanvasMirror(int width, int height, boolean saveUnder) {
        this.saveUnder = saveUnder;
        reset(width, height);
    }

    /** A new or resized canvas: the browser clears it to black, and forgets its save-under. */
    void reset(int newWidth, int newHeight) {
        width = newWidth;
        height = newHeight;
        pixels = new int[newWidth * newHeight];
        Arrays.fill(pixels, EXACT);
        under = null;
    }

    /** The browser's canvas can no longer be trusted (it asked for a refresh). */
    void forget() {
        Arrays.fill(pixels, 0);
        under = null;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int[] pixels() {
        return pixels;
    }

    /** The save-under's mirror (unknown pixels have alpha 0), or null while nothing is known of it. */
    int[] under() {
        return under;
    }

    static int exact(int argb) {
        return argb | EXACT;
    }

    /** The smallest rectangle inside r where the screen differs from the canvas, or null. */
    Rect changedWithin(Screen screen, Rect r) {
        int[] s = screen.argb();
        int top = -1;
        int bottom = -1;
        int left = Integer.MAX_VALUE;
        int right = -1;
        for (int y = r.y(); y < r.bottom(); y++) {
            int row = y * width;
            int first = -1;
            int last = -1;
            for (int i = row + r.x(), end = row + r.right(); i < end; i++) {
                if ((s[i] | EXACT) != pixels[i]) {
                    if (first < 0) {
                        first = i - row;
                    }
                    last = i - row;
                }
            }
            if (first >= 0) {
                if (top < 0) {
                    top = y;
                }
                bottom = y;
                left = Math.min(left, first);
                right = Math.max(right, last);
            }
        }
        return top < 0 ? null : new Rect(left, top, right - left + 1, bottom - top + 1);
    }

    /** Records a region as the browser will have painted it. */
    void apply(HostMessage.Region region, Screen screen) {
        Rect r = region.rect();
        switch (region) {
            case HostMessage.Solid s -> {
                for (int y = r.y(); y < r.bottom(); y++) {
                    Arrays.fill(pixels, y * width + r.x(), y * width + r.right(), s.rgb() | EXACT);
                }
            }
            case HostMessage.Copy c -> {
                if (saveUnder) {
                    saveUnder(r, c.srcX(), c.srcY());
                }
                copy(r, c.srcX(), c.srcY());
            }
            case HostMessage.Restore restore -> {
                if (under == null) {
                    throw new IllegalStateException("RESTORE where nothing was saved under");
                }
                for (int y = r.y(); y < r.bottom(); y++) {
                    System.arraycopy(under, y * width + r.x(), pixels, y * width + r.x(), r.width());
                }
            }
            case HostMessage.Jpeg j -> take(screen, r, LOSSY);
            case HostMessage.Png p -> take(screen, r, EXACT);
            case HostMessage.Raw raw -> take(screen, r, EXACT);
            case HostMessage.Bitmap bitmap -> take(screen, r, EXACT);
        }
    }

    /** What a copy to {@code to} from (srcX, srcY) covers outside its own source goes under. */
    private void saveUnder(Rect to, int srcX, int srcY) {
        if (under == null) {
            under = new int[width * height];
        }
        for (int y = to.y(); y < to.bottom(); y++) {
            int row = y * width;
            if (y < srcY || y >= srcY + to.height()) {
                System.arraycopy(pixels, row + to.x(), under, row + to.x(), to.width());
                continue;
            }
            // Within the source's rows only the columns left and right of it.
            int left = Math.min(to.right(), Math.max(to.x(), srcX));
            int right = Math.max(to.x(), Math.min(to.right(), srcX + to.width()));
            System.arraycopy(pixels, row + to.x(), under, row + to.x(), left - to.x());
            System.arraycopy(pixels, row + right, under, row + right, to.right() - right);
        }
    }

    private void copy(Rect to, int srcX, int srcY) {
        // Row order chosen so that an overlapping copy reads each row before overwriting it.
        boolean down = srcY < to.y();
        for (int i = 0; i < to.height(); i++) {
            int row = down ? to.height() - 1 - i : i;
            System.arraycopy(pixels, (srcY + row) * width + srcX, pixels, (to.y() + row) * width + to.x(), to.width());
        }
    }

    private void take(Screen screen, Rect r, int trust) {
        int[] s = screen.argb();
        for (int y = r.y(); y < r.bottom(); y++) {
            for (int i = y * width + r.x(), end = y * width + r.right(); i < end; i++) {
                pixels[i] = (s[i] & 0xff_ffff) | trust;
            }
        }
    }
}
