package dev.ventana.server.gateway;

import java.net.URI;
import java.nio.ByteBuffer;

/**
 * Whose viewer a relay carries. The session's {@code USER} works in it: every message goes to the
 * host. A {@code SHADOW} is an administrator watching read-only: the host is asked for a shadow
 * viewer ({@code ?mode=shadow}, docs/protocol.md, "Host endpoint"), and the gateway itself passes
 * on only what keeps the display flowing, so that the shadow's input never reaches the guest even
 * from a host that ignored the mode.
 */
enum ViewerMode {
    USER, SHADOW;

    private static final byte HELLO = (byte) 0x81;
    private static final byte FRAME_ACK = (byte) 0x85;
    private static final byte PING = (byte) 0x86;
    private static final byte REFRESH = (byte) 0x87;

    /** The host's display endpoint for this mode. */
    URI hostUri(URI display) {
        return this == SHADOW ? URI.create(display + "?mode=shadow") : display;
    }

    /**
     * Whether a browser message goes on to the host. For a shadow an allow-list, not a deny-list:
     * KEY, POINTER, WHEEL and any type a newer browser may invent stay here.
     */
    boolean passes(ByteBuffer message) {
        if (this == USER) {
            return true;
        }
        if (!message.hasRemaining()) {
            return false;
        }
        byte type = message.get(message.position());
        return type == HELLO || type == FRAME_ACK || type == PING || type == REFRESH;
    }
}
