package dev.ventana.host.display;

import java.util.Random;

/** Synthetic screens that look like what guests show: text consoles, desktops, photographs. */
public final class TestScreens {

    private TestScreens() {
    }

    /** Light-grey-on-black 9x16 glyph cells with pseudo-random strokes, like the VGA text console. */
    public static Picture textConsole(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, 0xff000000);
        for (int cy = 0; cy + 16 <= height; cy += 16) {
            int lineLength = random.nextInt(width / 9 + 1);
            for (int cx = 0; cx < lineLength * 9 && cx + 9 <= width; cx += 9) {
                long glyph = random.nextLong();
                if (random.nextInt(6) == 0) {
                    continue; // a space
                }
                for (int gy = 3; gy < 14; gy++) {
                    for (int gx = 1; gx < 8; gx++) {
                        if (((glyph >>> ((gy * 7 + gx) % 64)) & 1) != 0) {
                            pixels[(cy + gy) * width + cx + gx] = 0xffaaaaaa;
                        }
                    }
                }
            }
        }
        return new Picture(width, height, pixels);
    }

    /** A smooth colour field with fine detail: many distinct colours, as a photograph has. */
    public static Picture photo(int width, int height) {
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 17.0) + 20 * Math.sin(y / 3.0));
                int g = (int) (128 + 90 * Math.cos(y / 23.0 + x / 41.0));
                int b = (x * 255 / Math.max(1, width - 1) + y * 3) & 0xff;
                pixels[y * width + x] = 0xff000000 | clamp(r) << 16 | clamp(g) << 8 | b;
            }
        }
        return new Picture(width, height, pixels);
    }

    public static Picture noise(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0xff000000 | random.nextInt(0x100_0000);
        }
        return new Picture(width, height, pixels);
    }

    /**
     * A 1024x768 desktop: a gradient wallpaper, a panel, and a white window with text, icons and a
     * title bar, the kind of screen the office guest shows.
     */
    public static Picture desktop(long seed) {
        int width = 1024;
        int height = 768;
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = 0xff000000 | (30 + y / 8) << 8 | (80 + x / 8);
            }
        }
        fill(pixels, width, 0, height - 24, width, 24, 0xffd4d0c8);
        fill(pixels, width, 100, 80, 700, 500, 0xffffffff);
        fill(pixels, width, 100, 80, 700, 22, 0xff3060a0);
        Picture text = textConsole(680, 460, seed);
        for (int y = 0; y < text.height(); y++) {
            for (int x = 0; x < text.width(); x++) {
                int p = text.pixel(x, y);
                pixels[(110 + y) * width + 110 + x] = p == 0xffaaaaaa ? 0xff202020 : 0xffffffff;
            }
        }
        Random random = new Random(seed);
        for (int i = 0; i < 12; i++) {
            int ix = 20;
            int iy = 20 + i * 56;
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 40; x++) {
                    pixels[(iy + y) * width + ix + x] = 0xff000000 | random.nextInt(0x100_0000) & 0xf0f0f0;
                }
            }
        }
        return new Picture(width, height, pixels);
    }

    private static void fill(int[] pixels, int width, int x, int y, int w, int h, int argb) {
        for (int yy = y; yy < y + h; yy++) {
            java.util.Arrays.fill(pixels, yy * width + x, yy * width + x + w, argb);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
