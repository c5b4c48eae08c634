package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds a vertical scroll: a band of the screen that the browser already shows, shifted up or
 * down. QEMU's VNC server never sends CopyRect, so a scrolling terminal would otherwise cost a
 * full repaint per line; one COPY plus the new line is a small fraction of that.
 */
final class ScrollDetector {

    /** Shorter bands are cheaper to repaint than to reason about. */
    static final int MIN_BAND_ROWS = 16;

    /** A copy to send: rows [y, y + height) of the area come from rows [y + dy, ...). */
    record Scroll(Rect to, int srcY) {
    }

    /** The best scroll inside the area, or null if none beats repainting. */
    Scroll find(Screen screen, CanvasMirror canvas, Rect area) {
        if (area.height() < MIN_BAND_ROWS * 2 || area.width() < 16) {
            return null;
        }
        long[] now = rowHashes(screen.argb(), screen.width(), area, true);
        long[] before = rowHashes(canvas.pixels(), canvas.width(), area, false);
        int dy = likeliestShift(now, before);
        if (dy == 0) {
            return null;
        }
        // The longest run of rows that match the canvas shifted by dy, checked pixel by pixel.
        int bestStart = -1;
        int bestLength = 0;
        int start = -1;
        for (int r = 0; r <= area.height(); r++) {
            int source = r + dy;
            boolean match = r < area.height() && source >= 0 && source < area.height()
                    && now[r] == before[source] && rowsEqual(screen, canvas, area, r, source);
            if (match && start < 0) {
                start = r;
            } else if (!match && start >= 0) {
                if (r - start > bestLength) {
                    bestLength = r - start;
                    bestStart = start;
                }
                start = -1;
            }
        }
        if (bestLength < MIN_BAND_ROWS || unchangedRows(now, before, bestStart, bestLength) * 2 > bestLength) {
            return null; // mostly rows that did not move anyway: nothing to gain
        }
        return new Scroll(new Rect(area.x(), area.y() + bestStart, area.width(), bestLength), area.y() + bestStart + dy);
    }

    /** The shift that most distinctive rows agree on; 0 if none. */
    private static int likeliestShift(long[] now, long[] before) {
        Map<Long, Integer> lastRowOf = new HashMap<>();
        Map<Long, Integer> seen = new HashMap<>();
        for (int r = 0; r < before.length; r++) {
            lastRowOf.put(before[r], r);
            seen.merge(before[r], 1, Integer::sum);
        }
        Map<Integer, Integer> votes = new HashMap<>();
        for (int r = 0; r < now.length; r++) {
            Integer source = lastRowOf.get(now[r]);
            // Rows that occur once are distinctive; blank rows occur everywhere and prove nothing.
            if (source != null && seen.get(now[r]) == 1 && source != r) {
                votes.merge(source - r, 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().filter(e -> e.getValue() >= 2)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
    }

    private static int unchangedRows(long[] now, long[] before, int start, int length) {
        int same = 0;
        for (int r = start; r < start + length; r++) {
            if (now[r] == before[r]) {
                same++;
            }
        }
        return same;
    }

    private static long[] rowHashes(int[] pixels, int stride, Rect area, boolean fromScreen) {
        long[] hashes = new long[area.height()];
        for (int r = 0; r < area.height(); r++) {
            long h = 1125899906842597L;
            int row = (area.y() + r) * stride;
            for (int i = row + area.x(), end = row + area.right(); i < end; i++) {
                // The screen's alpha is meaningless; the canvas's alpha is trust, and only exact pixels match.
                int p = fromScreen ? CanvasMirror.exact(pixels[i]) : pixels[i];
                h = 31 * h + p;
            }
            hashes[r] = h;
        }
        return hashes;
    }

    private static boolean rowsEqual(Screen screen, CanvasMirror canvas, Rect area, int row, int sourceRow) {
        int[] s = screen.argb();
        int[] c = canvas.pixels();
        int a = (area.y() + row) * screen.width() + area.x();
        int b = (area.y() + sourceRow) * canvas.width() + area.x();
        for (int i = 0; i < area.width(); i++) {
            if (CanvasMirror.exact(s[a + i]) != c[b + i]) {
                return false;
            }
        }
        return true;
    }
}
