package dev.ventana.host.display;

/**
 * What the display encoder reads: the guest's picture as the screen source (the RFB client)
 * keeps it. Pixels are 0xAARRGGBB ints, row after row, {@code width()} per row; alpha is
 * ignored. The encoder reads only the rectangles it was told changed, and the caller must not
 * write those pixels while an encode runs (hold the source's lock, or hand over a copy).
 */
public interface Screen {
    int width();

    int height();

    int[] argb();

    default Rect bounds() {
        return new Rect(0, 0, width(), height());
    }
}
