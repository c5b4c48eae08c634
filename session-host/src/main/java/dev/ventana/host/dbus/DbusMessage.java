package dev.ventana.host.dbus;

import java.nio.ByteBuffer;

/**
 * One D-Bus message as read from the wire: its header fields and its body, which {@link
 * DbusBody} reads in the order of {@code signature}. Only the header fields QEMU's display uses
 * are kept.
 */
public record DbusMessage(int type, int flags, int serial, String path, String iface, String member,
        String errorName, int replySerial, String signature, ByteBuffer body) {

    public static final int METHOD_CALL = 1;
    public static final int METHOD_RETURN = 2;
    public static final int ERROR = 3;
    public static final int SIGNAL = 4;
    public static final int NO_REPLY_EXPECTED = 0x1;

    public boolean expectsReply() {
        return type == METHOD_CALL && (flags & NO_REPLY_EXPECTED) == 0;
    }

    /** The body, positioned at its start, for reading in the order of {@link #signature}. */
    public DbusBody read() {
        return new DbusBody(body.duplicate().order(body.order()));
    }

    /** The error's text (its first string argument), or its name alone. */
    public String errorText() {
        if (signature != null && signature.startsWith("s")) {
            return errorName + ": " + read().string();
        }
        return errorName;
    }
}
