package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * The screen's changed rectangles since the last frame, merged so the list never holds more
 * than a fixed number: memory stays flat however long the browser lags.
 */
final class DamageList {

    private final int maxRects;
    private final List<Rect> rects = new ArrayList<>();

    DamageList(int maxRects) {
        if (maxRects < 1) {
            throw new IllegalArgumentException("maxRects " + maxRects);
        }
        this.maxRects = maxRects;
    }

    void add(Rect added) {
        Rect merged = added;
        boolean changed = true;
        // Absorb every rectangle that merges without waste (contained, overlapping into a
        // rectangle, or edge to edge); repeat, since a grown rectangle may now absorb others.
        while (changed) {
            changed = false;
            for (int i = 0; i < rects.size(); i++) {
                Rect other = rects.get(i);
                if (other.contains(merged)) {
                    return;
                }
                if (waste(merged, other) <= 0) {
                    merged = merged.union(other);
                    rects.remove(i);
                    changed = true;
                    break;
                }
            }
        }
        rects.add(merged);
        while (rects.size() > maxRects) {
            mergeCheapestPair();
        }
    }

    boolean isEmpty() {
        return rects.isEmpty();
    }

    /** Hands over the rectangles and starts empty. */
    List<Rect> drain() {
        List<Rect> out = List.copyOf(rects);
        rects.clear();
        return out;
    }

    List<Rect> view() {
        return List.copyOf(rects);
    }

    private void mergeCheapestPair() {
        int bestA = 0;
        int bestB = 1;
        long bestWaste = Long.MAX_VALUE;
        for (int a = 0; a < rects.size(); a++) {
            for (int b = a + 1; b < rects.size(); b++) {
                long w = waste(rects.get(a), rects.get(b));
                if (w < bestWaste) {
                    bestWaste = w;
                    bestA = a;
                    bestB = b;
                }
            }
        }
        Rect merged = rects.get(bestA).union(rects.get(bestB));
        rects.remove(bestB);
        rects.set(bestA, merged);
    }

    /** Pixels the union covers that neither rectangle did: what merging them costs to re-encode. */
    private static long waste(Rect a, Rect b) {
        Rect overlap = a.intersection(b);
        long covered = a.area() + b.area() - (overlap == null ? 0 : overlap.area());
        return a.union(b).area() - covered;
    }
}
