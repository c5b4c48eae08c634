package dev.ventana.host.dbus;

import java.util.Arrays;

/**
 * The guest's pointer shape as this client passes it on: straight (not premultiplied) RGBA, row
 * after row, at most {@link #MAX_SIDE} pixels a side, the hotspot inside; 0x0 ({@link #HIDDEN})
 * hides the pointer. Records compare arrays by reference: {@link #sameAs} compares the pixels.
 */
public record CursorImage(int hotX, int hotY, int width, int height, byte[] rgba) {
    /** As the display protocol's CURSOR allows (docs/protocol.md). */
    public static final int MAX_SIDE = 128;
    public static final CursorImage HIDDEN = new CursorImage(0, 0, 0, 0, new byte[0]);

    public CursorImage {
        if (width < 0 || height < 0 || width > MAX_SIDE || height > MAX_SIDE || (width == 0) != (height == 0)
                || rgba.length != width * height * 4) {
            throw new IllegalArgumentException("cursor " + width + "x" + height + " with " + rgba.length + " bytes");
        }
        if (width == 0 ? hotX != 0 || hotY != 0 : hotX < 0 || hotY < 0 || hotX >= width || hotY >= height) {
            throw new IllegalArgumentException("hotspot " + hotX + "," + hotY + " outside " + width + "x" + height);
        }
    }

    public boolean hidden() {
        return width == 0;
    }

    /** The same shape and hotspot, pixel for pixel. */
    public boolean sameAs(CursorImage other) {
        return other != null && hotX == other.hotX && hotY == other.hotY && width == other.width
                && height == other.height && Arrays.equals(rgba, other.rgba);
    }
}
