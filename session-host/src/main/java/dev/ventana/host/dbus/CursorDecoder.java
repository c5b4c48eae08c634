package dev.ventana.host.dbus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns the image of a {@code CursorDefine} (QEMU's {@code QEMUCursor}: 32-bit pixels 0xAARRGGBB
 * in QEMU's, that is this host's, byte order) into a {@link CursorImage}. The guest chooses every
 * value, so all are checked before anything is allocated, and what is allocated is bounded by
 * {@link CursorImage#MAX_SIDE}: a side up to {@link #MAX_INPUT_SIDE} (QEMU's own cursor limit in
 * later versions; a virtio-gpu's cursor is 64x64) is scaled down by a whole factor, nearest pixel,
 * a larger one is refused.
 *
 * <p>Alpha: an X server's cursors (Xcursor, Render) are premultiplied and the guest's driver
 * passes them to the virtio-gpu untouched, so QEMU's are too, while other guests' may be
 * straight. A premultiplied image has no colour channel above its alpha; an image that has one is
 * taken as straight, any other is divided by its alpha. Stateless.
 */
public final class CursorDecoder {
    /** The largest side accepted (and scaled down); larger images are refused. */
    public static final int MAX_INPUT_SIDE = 512;

    /**
     * @throws IllegalArgumentException for a size outside 1..{@link #MAX_INPUT_SIDE}, pixel data
     *                                  of any length but exactly {@code width * height * 4}, or a
     *                                  hotspot outside the image
     */
    public CursorImage decode(int width, int height, int hotX, int hotY, ByteBuffer pixels) {
        if (width < 1 || height < 1 || width > MAX_INPUT_SIDE || height > MAX_INPUT_SIDE) {
            throw new IllegalArgumentException("cursor of " + width + "x" + height);
        }
        if (pixels.remaining() != width * height * 4) {
            throw new IllegalArgumentException("cursor of " + width + "x" + height + " with " + pixels.remaining()
                    + " bytes");
        }
        if (hotX < 0 || hotY < 0 || hotX >= width || hotY >= height) {
            throw new IllegalArgumentException("cursor hotspot " + hotX + "," + hotY + " outside " + width + "x"
                    + height);
        }
        ByteBuffer argb = pixels.slice().order(ByteOrder.nativeOrder());
        int step = Math.max(ceilDiv(width, CursorImage.MAX_SIDE), ceilDiv(height, CursorImage.MAX_SIDE));
        int w = ceilDiv(width, step);
        int h = ceilDiv(height, step);
        boolean premultiplied = premultiplied(argb, width * height);
        byte[] rgba = new byte[w * h * 4];
        int at = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb.getInt(((y * step) * width + x * step) * 4);
                int a = p >>> 24;
                rgba[at++] = (byte) channel(p >>> 16 & 0xff, a, premultiplied);
                rgba[at++] = (byte) channel(p >>> 8 & 0xff, a, premultiplied);
                rgba[at++] = (byte) channel(p & 0xff, a, premultiplied);
                rgba[at++] = (byte) a;
            }
        }
        return new CursorImage(hotX / step, hotY / step, w, h, rgba);
    }

    private static boolean premultiplied(ByteBuffer argb, int pixels) {
        for (int i = 0; i < pixels; i++) {
            int p = argb.getInt(i * 4);
            int a = p >>> 24;
            if ((p >>> 16 & 0xff) > a || (p >>> 8 & 0xff) > a || (p & 0xff) > a) {
                return false;
            }
        }
        return true;
    }

    private static int channel(int c, int a, boolean premultiplied) {
        if (!premultiplied || a == 255) {
            return c;
        }
        return a == 0 ? 0 : Math.min(255, (c * 255 + a / 2) / a);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
