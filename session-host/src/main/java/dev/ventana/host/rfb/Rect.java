package dev.ventana.host.rfb;

/** A rectangle of the guest's screen, in pixels. */
public record Rect(int x, int y, int width, int height) {
    public Rect {
        if (x < 0 || y < 0 || width < 0 || height < 0) {
            throw new IllegalArgumentException("negative rectangle " + x + "," + y + " " + width + "x" + height);
        }
    }

    public boolean isEmpty() {
        return width == 0 || height == 0;
    }
}
