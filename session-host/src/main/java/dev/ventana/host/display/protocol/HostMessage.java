package dev.ventana.host.display.protocol;

import dev.ventana.host.display.Rect;

/**
 * A message from the session host to the browser (docs/protocol.md, "Host to browser").
 * The constructors refuse values the wire format cannot carry, so the encoder never writes
 * a message the browser would have to reject.
 */
public sealed interface HostMessage {

    int MAX_SCREEN_SIDE = 16384;
    int MAX_CURSOR_SIDE = 128;
    int MAX_RAW_PIXELS = 1024;

    record Hello(int version, int width, int height, int window) implements HostMessage {
        public Hello {
            checkUnsigned(version, 0xff, "version");
            checkScreen(width, height);
            if (window < 1 || window > 0xff) {
                throw new IllegalArgumentException("window " + window);
            }
        }
    }

    record Resize(int width, int height) implements HostMessage {
        public Resize {
            checkScreen(width, height);
        }
    }

    record FrameEnd(long frame) implements HostMessage {
        public FrameEnd {
            if (frame < 1 || frame > 0xffff_ffffL) {
                throw new IllegalArgumentException("frame " + frame);
            }
        }
    }

    /** A pointer shape in straight RGBA; 0x0 hides the pointer. */
    record Cursor(int hotX, int hotY, int width, int height, byte[] rgba) implements HostMessage {
        public Cursor {
            if (width < 0 || height < 0 || width > MAX_CURSOR_SIDE || height > MAX_CURSOR_SIDE
                    || (width == 0) != (height == 0) || rgba.length != width * height * 4) {
                throw new IllegalArgumentException("cursor " + width + "x" + height);
            }
            if (width > 0 && (hotX < 0 || hotY < 0 || hotX >= width || hotY >= height)) {
                throw new IllegalArgumentException("hotspot outside the cursor");
            }
            if (width == 0 && (hotX != 0 || hotY != 0)) {
                throw new IllegalArgumentException("a hidden cursor has no hotspot");
            }
        }

        public static Cursor hidden() {
            return new Cursor(0, 0, 0, 0, new byte[0]);
        }
    }

    record Pong(long nonce) implements HostMessage {
        public Pong {
            checkUnsigned(nonce, 0xffff_ffffL, "nonce");
        }
    }

    /** Text copied in the guest, for the browser's clipboard; not part of a frame. */
    record Clipboard(String text) implements HostMessage {
        public Clipboard {
            if (ClipboardText.utf8Length(text) > MessageType.MAX_CLIPBOARD_BYTES) {
                throw new IllegalArgumentException("clipboard text over " + MessageType.MAX_CLIPBOARD_BYTES + " bytes");
            }
        }
    }

    /** A change to a rectangle of the screen, applied in arrival order. */
    sealed interface Region extends HostMessage {
        Rect rect();
    }

    /** The rectangle filled with one colour, 0xRRGGBB. */
    record Solid(Rect rect, int rgb) implements Region {
        public Solid {
            checkRegion(rect);
            rgb &= 0xff_ffff;
        }
    }

    /** The rectangle copied from (srcX, srcY) of the current picture: scrolls and moves. */
    record Copy(Rect rect, int srcX, int srcY) implements Region {
        public Copy {
            checkRegion(rect);
            checkRegion(new Rect(srcX, srcY, rect.width(), rect.height()));
        }
    }

    /**
     * The rectangle repainted from the browser's save-under buffer: what its canvas held there
     * before a COPY covered it (docs/protocol.md, "Save-under"). A dragged window uncovers what
     * it covered a moment ago; this costs 9 bytes where the pixels cost their picture.
     */
    record Restore(Rect rect) implements Region {
        public Restore {
            checkRegion(rect);
        }
    }

    record Png(Rect rect, byte[] png) implements Region {
        public Png {
            checkRegion(rect);
        }
    }

    record Jpeg(Rect rect, byte[] jpeg) implements Region {
        public Jpeg {
            checkRegion(rect);
        }
    }

    /** Pixels as RGB bytes, row after row; only for small rectangles. */
    record Raw(Rect rect, byte[] rgb) implements Region {
        public Raw {
            checkRegion(rect);
            if (rect.area() > MAX_RAW_PIXELS || rgb.length != rect.area() * 3) {
                throw new IllegalArgumentException("raw region " + rect + " with " + rgb.length + " bytes");
            }
        }
    }

    /**
     * A two-colour rectangle as one bit per pixel (rows MSB first, each padded to a whole byte;
     * 1 = foreground): a text cell costs a few dozen bytes and paints without an image decode.
     */
    record Bitmap(Rect rect, int background, int foreground, byte[] bits) implements Region {
        public Bitmap {
            checkRegion(rect);
            background &= 0xff_ffff;
            foreground &= 0xff_ffff;
            if (bits.length != bitsLength(rect)) {
                throw new IllegalArgumentException("bitmap region " + rect + " with " + bits.length + " bytes");
            }
        }

        /** ceil(w/8) bytes per row. */
        public static int bitsLength(Rect rect) {
            return (rect.width() + 7) / 8 * rect.height();
        }
    }

    private static void checkUnsigned(long value, long max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value);
        }
    }

    private static void checkScreen(int width, int height) {
        if (width < 1 || height < 1 || width > MAX_SCREEN_SIDE || height > MAX_SCREEN_SIDE) {
            throw new IllegalArgumentException("screen " + width + "x" + height);
        }
    }

    private static void checkRegion(Rect rect) {
        if (!rect.fitsIn(MAX_SCREEN_SIDE, MAX_SCREEN_SIDE)) {
            throw new IllegalArgumentException("region beyond any screen " + rect);
        }
    }
}
