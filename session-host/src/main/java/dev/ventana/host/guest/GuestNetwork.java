package dev.ventana.host.guest;

import java.util.Locale;

/**
 * A guest's network: none at all (the default: a desktop needs no network to be shown), or
 * outbound connections through QEMU's user-mode NAT, with no port of the guest reachable from
 * outside.
 */
public enum GuestNetwork {
    NONE,
    NAT;

    /** The agent API's value; null means the default, NONE. */
    public static GuestNetwork parse(String value) {
        if (value == null) {
            return NONE;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GuestException(GuestException.Reason.INVALID, "network must be NONE or NAT, not '" + value + "'");
        }
    }
}
