package dev.ventana.server.desktop;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the text off the viewer's canvas while it shows the tiny guest's VGA text console
 * (80x25 cells). The font is learnt from the banner the tiny guest prints on its first line,
 * which holds every character the test reads; the bottom lines of each cell (where the cursor
 * blinks) are ignored. Same idea as the session host's TextScreen, on canvas pixels.
 */
final class CanvasText {
    static final String BANNER = "abcdefghijklmnopqrstuvwxyz0123456789#$-_./=>:";
    private static final int COLUMNS = 80;
    private static final int ROWS = 25;
    private static final int GLYPH_LINES = 13;

    private final Map<String, Character> glyphs = new HashMap<>();

    record Pixels(int width, int height, int[] rgb) {
        int at(int x, int y) {
            return rgb[y * width + x];
        }
    }

    boolean learn(Pixels p) {
        if (p.width() % COLUMNS != 0 || p.height() % ROWS != 0) {
            return false;
        }
        Map<String, Character> learned = new HashMap<>();
        for (int i = 0; i < BANNER.length(); i++) {
            String g = glyph(p, 0, i);
            if (g.indexOf('1') < 0) {
                if (BANNER.charAt(i) == '_') {
                    continue;
                }
                return false;
            }
            learned.put(g, BANNER.charAt(i));
        }
        glyphs.clear();
        glyphs.putAll(learned);
        return true;
    }

    String row(Pixels p, int row) {
        StringBuilder text = new StringBuilder();
        for (int col = 0; col < COLUMNS; col++) {
            String g = glyph(p, row, col);
            text.append(g.indexOf('1') < 0 ? ' ' : glyphs.getOrDefault(g, '?'));
        }
        return text.toString().stripTrailing();
    }

    int lastNonBlankRow(Pixels p) {
        for (int r = ROWS - 1; r >= 0; r--) {
            if (!row(p, r).isEmpty()) {
                return r;
            }
        }
        return -1;
    }

    String all(Pixels p) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < ROWS; r++) {
            b.append(String.format("%2d|", r)).append(row(p, r)).append('\n');
        }
        return b.toString();
    }

    /** True if the two pictures differ anywhere in the given text row. */
    static boolean rowDiffers(Pixels a, Pixels b, int row) {
        int ch = a.height() / ROWS;
        for (int y = row * ch; y < (row + 1) * ch; y++) {
            for (int x = 0; x < a.width(); x++) {
                if (a.at(x, y) != b.at(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String glyph(Pixels p, int row, int col) {
        int cw = p.width() / COLUMNS;
        int ch = p.height() / ROWS;
        int background = p.at(0, p.height() - 1);
        StringBuilder bits = new StringBuilder(cw * GLYPH_LINES);
        for (int y = 0; y < Math.min(GLYPH_LINES, ch); y++) {
            for (int x = 0; x < cw; x++) {
                bits.append(p.at(col * cw + x, row * ch + y) != background ? '1' : '0');
            }
        }
        return bits.toString();
    }
}
