package dev.ventana.host.display;

/** A screen held in memory: the simplest {@link Screen}, over a copy or over a source's live pixels. */
public record Picture(int width, int height, int[] argb) implements Screen {

    public Picture {
        if (width < 1 || height < 1 || argb.length != width * height) {
            throw new IllegalArgumentException("pixels do not match " + width + "x" + height);
        }
    }

    public static Picture filled(int width, int height, int argb) {
        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, argb);
        return new Picture(width, height, pixels);
    }

    public int pixel(int x, int y) {
        return argb[y * width + x];
    }
}
