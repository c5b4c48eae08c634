package dev.ventana.host.display.codec;

import dev.ventana.host.display.Rect;
import java.util.Arrays;

/**
 * Counts the distinct colours of a rectangle, up to a cap, and numbers them. One pass tells the
 * region encoder all it needs: one colour is a solid fill, few colours make a palette PNG, very
 * many mean a photograph. Reused from tile to tile, so not thread-safe.
 */
final class ColourCensus {

    /** Beyond this many colours a region counts as photographic. */
    static final int PHOTO_COLOURS = 1024;
    static final int PALETTE_COLOURS = 256;

    private static final int SLOT_BITS = 12;
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final int CAP = PHOTO_COLOURS + 1;

    /** rgb + 1 per slot, so that 0 means empty. */
    private final int[] slots = new int[SLOTS];
    private final int[] slotIndex = new int[SLOTS];
    private final int[] colours = new int[CAP];
    private int count;

    /** Counts the colours of the rectangle; stops early once there are more than {@link #PHOTO_COLOURS}. */
    void take(int[] argb, int stride, Rect r) {
        Arrays.fill(slots, 0);
        count = 0;
        for (int y = r.y(); y < r.bottom(); y++) {
            int row = y * stride;
            int previous = -1;
            for (int i = row + r.x(), end = row + r.right(); i < end; i++) {
                int rgb = argb[i] & 0xff_ffff;
                if (rgb == previous) {
                    continue; // runs of one colour are the common case on screens
                }
                previous = rgb;
                if (slotOf(rgb) < 0) {
                    add(rgb);
                    if (count == CAP) {
                        return;
                    }
                }
            }
        }
    }

    int count() {
        return count;
    }

    boolean photographic() {
        return count > PHOTO_COLOURS;
    }

    int colour(int index) {
        return colours[index];
    }

    /** The palette index of a colour that {@link #take} saw. */
    int indexOf(int rgb) {
        return slotIndex[slotOf(rgb & 0xff_ffff)];
    }

    private int slotOf(int rgb) {
        int slot = hash(rgb);
        while (slots[slot] != 0) {
            if (slots[slot] == rgb + 1) {
                return slot;
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        return -1 - slot;
    }

    private void add(int rgb) {
        int slot = -1 - slotOf(rgb);
        slots[slot] = rgb + 1;
        slotIndex[slot] = count;
        colours[count++] = rgb;
    }

    private static int hash(int rgb) {
        return (rgb * 0x9E37_79B1) >>> (32 - SLOT_BITS);
    }
}
