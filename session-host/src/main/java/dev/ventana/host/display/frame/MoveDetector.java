package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a block of the screen that the browser already shows somewhere else: a window dragged in
 * any direction, a graph that scrolled sideways. Neither X nor QEMU's VNC server tells anyone that
 * a window moved; without this every step of a drag repaints the window (issue 13: 171.6 kB where
 * noVNC's Tight took 122.7 kB). One COPY and the newly exposed strip cost a fraction of that.
 *
 * <p>How: a distinctive run of {@link #SIGNATURE} pixels that changed is looked up in the canvas
 * within the frame's damage (where a moved block came from was repainted too, so it is damaged);
 * each place it is found gives a motion vector, grown into the largest rectangle that matches
 * under that vector, and the one that repairs the most pixels wins if it repairs far more than
 * it breaks. A COPY never has to be exact: whatever it leaves wrong the encoder repaints, so this
 * can only cost bytes when it guesses badly, and the thresholds keep that rare. Cost: one pass
 * over the damaged part of the canvas comparing an int per pixel, then linear in the rectangle.
 */
final class MoveDetector {

    static final int SIGNATURE = 16;
    /** Colour changes a signature needs: flat runs are found everywhere and prove nothing. */
    static final int MIN_TRANSITIONS = 3;
    /**
     * A signature needs one sharp edge (text, a frame, an icon): a smooth wallpaper gradient is
     * varied too, but what a moving window uncovers of it was hidden before and is found nowhere.
     */
    static final int SHARP = 64;
    /** Signatures come from different bands of this many rows. */
    static final int ROW_BAND = 8;
    /** Places each signature may be found at: a few for repeated content, not a scan of every match. */
    static final int MAX_CANDIDATES = 32;
    /** Signatures per change, and how many of the vectors they vote for are tried. */
    static final int SIGNATURES = 6;
    static final int VECTORS_TRIED = 2;
    static final int VECTORS_SAMPLED = 16;
    /** The grid a vector's repairs are first counted on. */
    static final int SAMPLE = 8;
    /** A row belongs to the moved block if at least this share of it matches (a cursor may differ). */
    static final double ROW_MATCH = 0.9;
    /** Pixels a copy must repair to be worth its 13 bytes. */
    static final int MIN_REPAIRED = 48;

    /** A copy to send: the rectangle {@code to} comes from (srcX, srcY) of the canvas. */
    record Move(Rect to, int srcX, int srcY) {
    }

    /**
     * The best move that repairs part of {@code changed} (where the screen differs from the canvas)
     * with a source inside {@code search}, or null.
     */
    Move find(Screen screen, CanvasMirror canvas, Rect changed, Rect search) {
        if (changed.width() < SIGNATURE) {
            return null;
        }
        int[] s = screen.argb();
        int[] c = canvas.pixels();
        int width = screen.width();
        // Several signatures spread over the change, each starting its row at another column:
        // one may sit on something that repeats (a patterned wallpaper, a line of text that
        // occurs twice) and find only wrong vectors; those scatter, while the blocks that moved
        // agree on theirs.
        List<int[]> signatures = new ArrayList<>();
        List<int[]> seeds = new ArrayList<>();
        for (int[] seed : seeds(s, c, width, changed)) {
            int[] sig = new int[SIGNATURE];
            distinctive(s, c, width, seed[0], seed[1], sig);
            signatures.add(sig);
            seeds.add(seed);
        }
        if (signatures.isEmpty()) {
            return null;
        }
        Map<Long, Integer> votes = new HashMap<>();
        Map<Long, int[]> seedOf = new HashMap<>();
        int searchLeft = Math.max(0, search.x() - SIGNATURE + 1); // a signature may straddle a block's edge
        int searchEnd = Math.min(width, search.right() + SIGNATURE - 1) - SIGNATURE;
        for (int k = 0; k < signatures.size(); k++) {
            int[] sig = signatures.get(k);
            int[] seed = seeds.get(k);
            // Compared first where the run changes colour: a run that starts on white would
            // otherwise be compared in full at every white pixel of the canvas.
            int a = 1;
            while (sig[a] == sig[0]) {
                a++;
            }
            int anchor = sig[a];
            int hits = 0;
            scan:
            for (int y = search.y(); y < search.bottom(); y++) {
                int row = y * width;
                for (int i = row + searchLeft, end = row + searchEnd; i <= end; i++) {
                    if (c[i + a] == anchor && c[i] == sig[0] && Arrays.equals(c, i, i + SIGNATURE, sig, 0, SIGNATURE)) {
                        int dx = seed[0] - (i - row);
                        int dy = seed[1] - y;
                        if (dx != 0 || dy != 0) {
                            long key = ((long) dx << 32) | (dy & 0xffffffffL);
                            votes.merge(key, 1, Integer::sum);
                            seedOf.putIfAbsent(key, seed);
                            if (++hits >= MAX_CANDIDATES) {
                                break scan;
                            }
                        }
                    }
                }
            }
        }
        // Repeated content (a prompt on every line) gives wrong vectors votes too: each vector's
        // repairs are counted on a sparse grid, and only the best few are grown and scored exactly.
        List<Map.Entry<Long, Integer>> ranked = new ArrayList<>(votes.entrySet());
        ranked.sort(Map.Entry.<Long, Integer>comparingByValue().reversed());
        List<long[]> sampled = new ArrayList<>();
        for (Map.Entry<Long, Integer> vote : ranked.subList(0, Math.min(VECTORS_SAMPLED, ranked.size()))) {
            long key = vote.getKey();
            sampled.add(new long[] {key, sampledRepairs(s, c, width, screen.height(), changed, (int) (key >> 32), (int) key)});
        }
        sampled.sort((a, b) -> Long.compare(b[1], a[1]));
        Move best = null;
        long bestScore = 0;
        for (long[] candidate : sampled.subList(0, Math.min(VECTORS_TRIED, sampled.size()))) {
            int dx = (int) (candidate[0] >> 32);
            int dy = (int) candidate[0];
            int[] seed = seedOf.get(candidate[0]);
            Move move = grow(s, c, width, screen.height(), changed, seed[0], seed[1], dx, dy);
            long score = move == null ? 0 : score(s, c, width, move.to(), dx, dy);
            if (score > bestScore) {
                bestScore = score;
                best = move;
            }
        }
        return best;
    }

    /** Pixels on a grid of every SAMPLE-th row and column of changed that copying by (dx, dy) would repair. */
    private static long sampledRepairs(int[] s, int[] c, int width, int height, Rect changed, int dx, int dy) {
        long repaired = 0;
        for (int y = changed.y(); y < changed.bottom(); y += SAMPLE) {
            if (y - dy < 0 || y - dy >= height) {
                continue;
            }
            for (int x = changed.x(); x < changed.right(); x += SAMPLE) {
                if (x - dx < 0 || x - dx >= width) {
                    continue;
                }
                int now = CanvasMirror.exact(s[y * width + x]);
                if (now != c[y * width + x] && now == c[(y - dy) * width + x - dx]) {
                    repaired++;
                }
            }
        }
        return repaired;
    }

    /**
     * Where the signatures start: in the rows of the change with the most sharp edges (lines of
     * text, a title bar), at most one per band of ROW_BAND rows, each at the most edged run of its
     * row. Runs inside a moved window match exactly; a run that reaches past its edge also holds
     * the wallpaper beside it, which was different beside the window's old place.
     */
    private static List<int[]> seeds(int[] s, int[] c, int width, Rect changed) {
        int bands = (changed.height() + ROW_BAND - 1) / ROW_BAND;
        int[] bestRow = new int[bands];
        int[] bestEdges = new int[bands];
        for (int y = changed.y(); y < changed.bottom(); y++) {
            int row = y * width;
            int edges = 0;
            for (int i = row + changed.x() + 1, end = row + changed.right(); i < end; i++) {
                if (s[i] != s[i - 1] && contrast(s[i], s[i - 1]) >= SHARP) {
                    edges++;
                }
            }
            int band = (y - changed.y()) / ROW_BAND;
            if (edges > bestEdges[band]) {
                bestEdges[band] = edges;
                bestRow[band] = y;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int band = 0; band < bands; band++) {
            if (bestEdges[band] >= MIN_TRANSITIONS) {
                order.add(band);
            }
        }
        order.sort((p, q) -> Integer.compare(bestEdges[q], bestEdges[p]));
        List<int[]> seeds = new ArrayList<>();
        int[] sig = new int[SIGNATURE];
        for (int band : order) {
            if (seeds.size() == SIGNATURES) {
                break;
            }
            int y = bestRow[band];
            int bestX = -1;
            int most = 0;
            for (int x = changed.x(); x + SIGNATURE <= changed.right(); x += SIGNATURE / 4) {
                if (distinctive(s, c, width, x, y, sig)) {
                    int edges = 0;
                    for (int k = 1; k < SIGNATURE; k++) {
                        edges += contrast(sig[k], sig[k - 1]) >= SHARP ? 1 : 0;
                    }
                    if (edges > most) {
                        most = edges;
                        bestX = x;
                    }
                }
            }
            if (bestX >= 0) {
                seeds.add(new int[] {bestX, y});
            }
        }
        return seeds;
    }

    /**
     * Fills sig from the screen at (x, y) if those pixels changed, are varied along the row with
     * a sharp edge among them, and differ from the row above: a run that repeats down a column (a window's border) matches at
     * every height and would give as many wrong vectors.
     */
    private static boolean distinctive(int[] s, int[] c, int width, int x, int y, int[] sig) {
        int i = y * width + x;
        int transitions = 0;
        boolean changed = false;
        boolean unlikeAbove = y == 0;
        boolean sharp = false;
        for (int k = 0; k < SIGNATURE; k++) {
            sig[k] = CanvasMirror.exact(s[i + k]);
            changed |= sig[k] != c[i + k];
            unlikeAbove |= y > 0 && s[i + k] != s[i + k - width];
            if (k > 0 && sig[k] != sig[k - 1]) {
                transitions++;
                sharp |= contrast(sig[k], sig[k - 1]) >= SHARP;
            }
        }
        return changed && unlikeAbove && sharp && transitions >= MIN_TRANSITIONS;
    }

    /** The largest difference of one channel between two colours. */
    private static int contrast(int a, int b) {
        return Math.max(Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff)),
                Math.max(Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff)), Math.abs((a & 0xff) - (b & 0xff))));
    }

    /** The largest rectangle around the signature, inside changed, that matches under (dx, dy). */
    private static Move grow(int[] s, int[] c, int width, int height, Rect changed, int sigX, int sigY, int dx, int dy) {
        // Where the source stays on the screen, as destination coordinates.
        int minX = Math.max(changed.x(), dx);
        int maxX = Math.min(changed.right(), width + dx);
        int minY = Math.max(changed.y(), dy);
        int maxY = Math.min(changed.bottom(), height + dy);
        if (sigX < minX || sigX + SIGNATURE > maxX || sigY < minY || sigY >= maxY) {
            return null;
        }
        int x0 = sigX;
        int x1 = sigX + SIGNATURE;
        while (x0 > minX && matches(s, c, width, x0 - 1, sigY, dx, dy)) {
            x0--;
        }
        while (x1 < maxX && matches(s, c, width, x1, sigY, dx, dy)) {
            x1++;
        }
        int y0 = sigY;
        int y1 = sigY + 1;
        while (y0 > minY && rowMatches(s, c, width, x0, x1, y0 - 1, dx, dy)) {
            y0--;
        }
        while (y1 < maxY && rowMatches(s, c, width, x0, x1, y1, dx, dy)) {
            y1++;
        }
        return new Move(new Rect(x0, y0, x1 - x0, y1 - y0), x0 - dx, y0 - dy);
    }

    private static boolean matches(int[] s, int[] c, int width, int x, int y, int dx, int dy) {
        return CanvasMirror.exact(s[y * width + x]) == c[(y - dy) * width + x - dx];
    }

    private static boolean rowMatches(int[] s, int[] c, int width, int x0, int x1, int y, int dx, int dy) {
        int need = (int) Math.ceil((x1 - x0) * ROW_MATCH);
        int misses = 0;
        int allowed = (x1 - x0) - need;
        int to = y * width;
        int from = (y - dy) * width - dx;
        for (int x = x0; x < x1; x++) {
            if (CanvasMirror.exact(s[to + x]) != c[from + x] && ++misses > allowed) {
                return false;
            }
        }
        return true;
    }

    /** Pixels the copy repairs minus four times those it breaks (they cost a repaint each); 0 if not worth it. */
    private static long score(int[] s, int[] c, int width, Rect to, int dx, int dy) {
        long repaired = 0;
        long broken = 0;
        for (int y = to.y(); y < to.bottom(); y++) {
            int row = y * width;
            int from = (y - dy) * width - dx;
            for (int x = to.x(); x < to.right(); x++) {
                int now = CanvasMirror.exact(s[row + x]);
                boolean shown = now == c[row + x];
                boolean copied = now == c[from + x];
                if (copied && !shown) {
                    repaired++;
                } else if (shown && !copied) {
                    broken++;
                }
            }
        }
        long score = repaired - 4 * broken;
        return repaired >= MIN_REPAIRED && score > 0 ? score : 0;
    }
}
