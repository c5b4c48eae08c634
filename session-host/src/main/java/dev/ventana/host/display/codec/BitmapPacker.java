package dev.ventana.host.display.codec;

import dev.ventana.host.display.Rect;

/**
 * Packs a two-colour rectangle into the bits of a BITMAP message (docs/protocol.md): rows MSB
 * first, each padded to a whole byte, 1 where the pixel is the foreground colour.
 */
final class BitmapPacker {

    private BitmapPacker() {
    }

    /** Every pixel of the rectangle must be the background or the foreground (0xRRGGBB). */
    static byte[] pack(int[] argb, int stride, Rect r, int foreground) {
        int rowBytes = (r.width() + 7) / 8;
        byte[] bits = new byte[rowBytes * r.height()];
        for (int y = 0; y < r.height(); y++) {
            int in = (r.y() + y) * stride + r.x();
            int out = y * rowBytes;
            for (int x = 0; x < r.width(); x++) {
                if ((argb[in + x] & 0xff_ffff) == foreground) {
                    bits[out + (x >> 3)] |= (byte) (0x80 >>> (x & 7));
                }
            }
        }
        return bits;
    }
}
