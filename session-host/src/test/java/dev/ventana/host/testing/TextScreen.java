package dev.ventana.host.testing;

import dev.ventana.host.rfb.Framebuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the text off a VGA text-mode screen (80x25 cells of 9x16 pixels) as the RFB client
 * received it. It learns the console font from the tiny guest's banner line, which holds every
 * character the tests read, so it needs no font file and no assumption about QEMU's VGA BIOS.
 * A cell with ink only in its bottom scan lines counts as blank: that is where the blinking
 * cursor lives (and the underscore, which the tests never read).
 */
public final class TextScreen {
    /** The first line the tiny guest prints; see deploy/images/tiny/build.sh. */
    public static final String BANNER = "abcdefghijklmnopqrstuvwxyz0123456789#$-_./=>:";
    private static final int COLUMNS = 80;
    private static final int ROWS = 25;
    private static final int CURSOR_FREE_LINES = 13;

    private final Map<String, Character> glyphs = new HashMap<>();

    /** Learns the font from row 0; false while the banner is not (completely) on screen. */
    public boolean learn(Framebuffer.Snapshot s) {
        if (s.width() % COLUMNS != 0 || s.height() % ROWS != 0) {
            return false;
        }
        Map<String, Character> learned = new HashMap<>();
        for (int i = 0; i < BANNER.length(); i++) {
            String g = glyph(s, 0, i);
            if (blank(g, s)) {
                if (BANNER.charAt(i) == '_') {
                    continue; // the underscore lies in the cursor lines, which are masked
                }
                return false;
            }
            learned.put(g, BANNER.charAt(i));
        }
        if (!blank(glyph(s, 0, BANNER.length()), s)) {
            return false;
        }
        glyphs.clear();
        glyphs.putAll(learned);
        return learned.size() >= BANNER.length() - 1;
    }

    /** The row's text without trailing blanks; '?' for a glyph the banner did not teach. */
    public String row(Framebuffer.Snapshot s, int row) {
        StringBuilder text = new StringBuilder();
        for (int col = 0; col < COLUMNS; col++) {
            String g = glyph(s, row, col);
            text.append(blank(g, s) ? ' ' : glyphs.getOrDefault(g, '?'));
        }
        return text.toString().stripTrailing();
    }

    public String all(Framebuffer.Snapshot s) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < ROWS; r++) {
            b.append(String.format("%2d|", r)).append(row(s, r)).append('\n');
        }
        return b.toString();
    }

    /** Index of the last row with any text, or -1. */
    public int lastNonBlankRow(Framebuffer.Snapshot s) {
        for (int r = ROWS - 1; r >= 0; r--) {
            if (!row(s, r).isEmpty()) {
                return r;
            }
        }
        return -1;
    }

    private static boolean blank(String glyph, Framebuffer.Snapshot s) {
        int inkEnd = (s.width() / COLUMNS) * CURSOR_FREE_LINES;
        return glyph.substring(0, Math.min(inkEnd, glyph.length())).indexOf('1') < 0;
    }

    private static String glyph(Framebuffer.Snapshot s, int row, int col) {
        int cw = s.width() / COLUMNS;
        int ch = s.height() / ROWS;
        int background = s.pixel(0, s.height() - 1);
        StringBuilder bits = new StringBuilder(cw * ch);
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                bits.append(s.pixel(col * cw + x, row * ch + y) != background ? '1' : '0');
            }
        }
        return bits.toString();
    }
}
