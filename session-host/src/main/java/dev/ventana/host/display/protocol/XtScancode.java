package dev.ventana.host.display.protocol;

/**
 * Physical key codes as the protocol carries them: PC/XT set 1 make codes, {@code 0x00nn} or,
 * for keys sent with the 0xE0 prefix, {@code 0xE0nn}.
 */
public final class XtScancode {

    private XtScancode() {
    }

    public static boolean isValid(int code) {
        int prefix = code >>> 8;
        int low = code & 0xff;
        return (prefix == 0 || prefix == 0xe0) && low >= 0x01 && low <= 0x7f;
    }

    /**
     * The keycode field of RFB's QEMU Extended Key Event, which folds the 0xE0 prefix into the
     * high bit of one byte.
     */
    public static int toRfbKeycode(int code) {
        if (!isValid(code)) {
            throw new IllegalArgumentException("not a scancode: 0x" + Integer.toHexString(code));
        }
        return (code >>> 8) == 0xe0 ? 0x80 | (code & 0x7f) : code;
    }
}
