package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;

/**
 * What a pool's sessions may do with the display beyond pictures and input (docs/protocol.md,
 * "Clipboard" and "Resize"): which way clipboard text may go, and whether the guest's desktop
 * follows the size of the viewer's window, up to {@code maxWidth} x {@code maxHeight}. The
 * gateway enforces it, whatever the viewer does.
 */
public record DisplayPolicy(Clipboard clipboard, boolean resize, int maxWidth, int maxHeight) {
    /** Within what the guests' display device takes (QEMU's standard VGA: 16 MiB). */
    public static final int MIN_WIDTH = 640;
    public static final int MIN_HEIGHT = 480;
    public static final int MAX_WIDTH = 2560;
    public static final int MAX_HEIGHT = 1600;
    public static final DisplayPolicy DEFAULT = new DisplayPolicy(Clipboard.BOTH, true, 1920, 1200);

    /** Which way clipboard text may go. */
    public enum Clipboard {
        BOTH, TO_GUEST, TO_BROWSER, OFF;

        public boolean toGuest() {
            return this == BOTH || this == TO_GUEST;
        }

        public boolean toBrowser() {
            return this == BOTH || this == TO_BROWSER;
        }
    }

    public DisplayPolicy {
        if (clipboard == null) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "clipboard must be BOTH, TO_GUEST, TO_BROWSER or OFF.");
        }
        if (maxWidth < MIN_WIDTH || maxWidth > MAX_WIDTH || maxHeight < MIN_HEIGHT || maxHeight > MAX_HEIGHT) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "maxWidth must be " + MIN_WIDTH + "-" + MAX_WIDTH
                    + " and maxHeight " + MIN_HEIGHT + "-" + MAX_HEIGHT + " pixels.");
        }
    }
}
