package dev.ventana.host.display.endpoint;

import dev.ventana.host.rfb.Framebuffer;
import java.util.Arrays;
import java.util.List;

/** Small measuring aids of the display tests against a real guest. */
final class ScreenMeasures {
    private ScreenMeasures() {
    }

    /** The picture without the bottom scan lines of each text cell, where the cursor blinks. */
    static int[] masked(Framebuffer.Snapshot s) {
        int[] rgb = s.argb().clone();
        int cellHeight = s.height() / 25;
        for (int y = 0; y < s.height(); y++) {
            if (y % cellHeight >= 13) {
                Arrays.fill(rgb, y * s.width(), (y + 1) * s.width(), 0);
            }
        }
        return rgb;
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
