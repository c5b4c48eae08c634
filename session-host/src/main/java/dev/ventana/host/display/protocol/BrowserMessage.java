package dev.ventana.host.display.protocol;

/** A message from the browser to the session host (docs/protocol.md, "Browser to host"). */
public sealed interface BrowserMessage {

    /** Bit 0 of the hello flags: the browser paints JPEG regions. */
    int ACCEPTS_JPEG = 1;
    /**
     * Bit 1 of the hello flags: the browser's hop is compressed (permessage-deflate, dictionary
     * kept), so small regions are better sent uncompressed for that deflate to squeeze.
     */
    int DEFLATED_HOP = 2;
    /** Bit 2: the browser takes the guest's clipboard (CLIPBOARD from the host). */
    int TAKES_CLIPBOARD = 4;
    /** Bit 3 of the hello flags: the browser unpacks BATCH, so a frame may go as one message ({@link FrameBatcher}). */
    int TAKES_BATCHES = 8;
    /** Bit 4: the browser keeps a save-under buffer and paints RESTORE (docs/protocol.md, "Save-under"). */
    int KEEPS_SAVE_UNDER = 16;

    record Hello(int version, int flags) implements BrowserMessage {
        public boolean acceptsJpeg() {
            return (flags & ACCEPTS_JPEG) != 0;
        }

        public boolean deflatedHop() {
            return (flags & DEFLATED_HOP) != 0;
        }

        public boolean takesClipboard() {
            return (flags & TAKES_CLIPBOARD) != 0;
        }

        public boolean takesBatches() {
            return (flags & TAKES_BATCHES) != 0;
        }

        public boolean keepsSaveUnder() {
            return (flags & KEEPS_SAVE_UNDER) != 0;
        }
    }

    /** A physical key pressed or released; code as {@link XtScancode}. */
    record Key(boolean down, int code) implements BrowserMessage {
    }

    /** Absolute pointer position in screen pixels; buttons bit 0 left, 1 middle, 2 right, 3 back, 4 forward. */
    record Pointer(int x, int y, int buttons) implements BrowserMessage {
        public boolean inside(int screenWidth, int screenHeight) {
            return x < screenWidth && y < screenHeight;
        }
    }

    /** Whole wheel notches; positive is right and down. */
    record Wheel(int dx, int dy) implements BrowserMessage {
    }

    record FrameAck(long frame) implements BrowserMessage {
    }

    record Ping(long nonce) implements BrowserMessage {
    }

    record Refresh() implements BrowserMessage {
    }

    /** The size the browser would like the guest's screen to have (its window's, in screen pixels). */
    record SetSize(int width, int height) implements BrowserMessage {
    }

    /** Text the user copied in the browser, for the guest's clipboard. */
    record Clipboard(String text) implements BrowserMessage {
    }
}
