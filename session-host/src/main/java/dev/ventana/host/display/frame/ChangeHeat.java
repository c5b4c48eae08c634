package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * Remembers, per tile of the screen, how often and how lately it changed, and where the browser
 * holds lossy pixels. A tile that changed in several updates in a row, each soon after the last,
 * is fast-changing (video, an animation, a window being dragged) and may go lossy; a lossy tile
 * that has been still for a while is due for its lossless repaint.
 */
final class ChangeHeat {

    /** Updates at most this far apart count as one run of fast changes (5 per second). */
    static final long RUN_GAP_NANOS = 200_000_000L;
    /** This many updates in one run make a tile fast-changing. */
    static final int HOT_RUN = 5;
    /** A lossy tile this long unchanged gets repainted losslessly. */
    static final long SETTLE_NANOS = 300_000_000L;

    private final int tile;
    private final int columns;
    private final int rows;
    private final long[] lastChange;
    private final int[] run;
    private final Rect[] lossy;

    ChangeHeat(int width, int height, int tile) {
        this.tile = tile;
        this.columns = (width + tile - 1) / tile;
        this.rows = (height + tile - 1) / tile;
        this.lastChange = new long[columns * rows];
        this.run = new int[columns * rows];
        this.lossy = new Rect[columns * rows];
    }

    /** Counts one update of the tiles under the rectangle. */
    void changed(Rect r, long nowNanos) {
        forEachTile(r, i -> {
            run[i] = run[i] > 0 && nowNanos - lastChange[i] <= RUN_GAP_NANOS ? run[i] + 1 : 1;
            lastChange[i] = nowNanos;
        });
    }

    /** True if the tile holding the rectangle's top-left corner is in a run of fast changes. */
    boolean hot(Rect r, long nowNanos) {
        int i = index(r.x(), r.y());
        return run[i] >= HOT_RUN && nowNanos - lastChange[i] <= RUN_GAP_NANOS;
    }

    boolean anyHot(Rect r, long nowNanos) {
        boolean[] hot = {false};
        forEachTile(r, i -> hot[0] |= run[i] >= HOT_RUN && nowNanos - lastChange[i] <= RUN_GAP_NANOS);
        return hot[0];
    }

    void sentLossy(Rect r) {
        forEachTile(r, i -> {
            Rect part = r.intersection(tileRect(i));
            lossy[i] = lossy[i] == null ? part : lossy[i].union(part);
        });
    }

    /** Removes and returns the lossy areas that have been still long enough. */
    List<Rect> takeSettledLossy(long nowNanos) {
        List<Rect> settled = new ArrayList<>();
        for (int i = 0; i < lossy.length; i++) {
            if (lossy[i] != null && nowNanos - lastChange[i] >= SETTLE_NANOS) {
                settled.add(lossy[i]);
                lossy[i] = null;
            }
        }
        return settled;
    }

    boolean holdsLossy() {
        for (Rect r : lossy) {
            if (r != null) {
                return true;
            }
        }
        return false;
    }

    private Rect tileRect(int i) {
        return new Rect((i % columns) * tile, (i / columns) * tile, tile, tile);
    }

    private int index(int x, int y) {
        return Math.min(y / tile, rows - 1) * columns + Math.min(x / tile, columns - 1);
    }

    private void forEachTile(Rect r, java.util.function.IntConsumer action) {
        for (int ty = r.y() / tile; ty <= (r.bottom() - 1) / tile && ty < rows; ty++) {
            for (int tx = r.x() / tile; tx <= (r.right() - 1) / tile && tx < columns; tx++) {
                action.accept(ty * columns + tx);
            }
        }
    }
}
