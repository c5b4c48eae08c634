package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a change shows again what the browser's save-under holds: the wallpaper a dragged
 * window uncovers, which it covered a moment ago (RDP's SaveBitmap order, X's save-unders). A
 * COPY carries the window; without this its trailing edge was most of a drag's bytes, sent as
 * pictures of wallpaper the browser had already been sent once.
 *
 * <p>How: each row of the change is cut into runs of pixels the save-under holds exactly as the
 * screen now shows them, keeping the runs that repair at least one pixel; runs with the same
 * columns in consecutive rows join into one rectangle (a window moved sideways uncovers a strip
 * of equal runs). Cost: one pass over the change comparing two ints per pixel. Not thread-safe;
 * one per encoder.
 */
final class Exposures {

    /** Smaller rectangles cost more in message headers than their pixels do. */
    static final int MIN_PIXELS = 16;
    /** Rectangles per change; a ragged one past this is cheaper as a picture. */
    static final int MAX_RECTS = 64;

    private static final int EXACT = 0xff00_0000;

    /** The rectangles of {@code changed} to restore from the save-under (none overlap); empty while it holds nothing. */
    List<Rect> find(Screen screen, CanvasMirror canvas, Rect changed) {
        int[] under = canvas.under();
        List<Rect> found = new ArrayList<>();
        if (under == null) {
            return found;
        }
        int[] s = screen.argb();
        int[] c = canvas.pixels();
        int width = canvas.width();
        List<int[]> open = new ArrayList<>(); // {left, right, top}, rows above still being extended
        List<int[]> runs = new ArrayList<>();
        int y = changed.y();
        for (; y < changed.bottom() && found.size() < MAX_RECTS; y++) {
            runs.clear();
            int row = y * width;
            int start = -1;
            boolean repairs = false;
            for (int x = changed.x(); x <= changed.right(); x++) {
                int i = row + x;
                boolean held = x < changed.right() && under[i] == (s[i] | EXACT);
                if (held) {
                    if (start < 0) {
                        start = x;
                        repairs = false;
                    }
                    repairs |= c[i] != (s[i] | EXACT);
                } else if (start >= 0) {
                    if (repairs) {
                        runs.add(new int[] {start, x});
                    }
                    start = -1;
                }
            }
            List<int[]> next = new ArrayList<>();
            for (int[] run : runs) {
                int[] same = null;
                for (int[] o : open) {
                    if (o[0] == run[0] && o[1] == run[1]) {
                        same = o;
                        break;
                    }
                }
                next.add(same != null ? same : new int[] {run[0], run[1], y});
            }
            for (int[] o : open) {
                if (!next.contains(o)) { // the same array, continued, or not
                    close(o, y, found);
                }
            }
            open = next;
        }
        for (int[] o : open) {
            close(o, y, found);
        }
        return found.size() > MAX_RECTS ? found.subList(0, MAX_RECTS) : found;
    }

    private static void close(int[] o, int bottom, List<Rect> found) {
        Rect r = new Rect(o[0], o[2], o[1] - o[0], bottom - o[2]);
        if (r.area() >= MIN_PIXELS) {
            found.add(r);
        }
    }
}
