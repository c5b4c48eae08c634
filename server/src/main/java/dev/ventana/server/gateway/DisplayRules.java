package dev.ventana.server.gateway;

import dev.ventana.server.broker.DisplayPolicy;
import java.nio.ByteBuffer;

/**
 * A session's pool's {@link DisplayPolicy}, applied to one relay's messages both ways
 * (docs/protocol.md, "Clipboard" and "Resize"): clipboard text that may not go one way is dropped
 * here, a desktop size is clamped to the pool's limits or dropped when the desktop may not follow
 * the window, and the browser is told what it may do, in a {@code SETTINGS} message before
 * anything else. A shadow gets no clipboard at all. Immutable, so thread-safe.
 */
record DisplayRules(DisplayPolicy policy, ViewerMode mode) {
    static final byte SETTINGS = 0x07;
    static final byte HOST_CLIPBOARD = 0x06;
    static final byte SET_SIZE = (byte) 0x88;
    static final byte BROWSER_CLIPBOARD = (byte) 0x89;
    /** The protocol's largest clipboard text, in UTF-8 bytes: docs/protocol-vectors/errors.json, held to it by MessageLimitTest. */
    static final int MAX_CLIPBOARD_BYTES = 256 * 1024;
    private static final int RESIZE = 1;
    private static final int PASTE = 2;
    private static final int COPY = 4;

    /** SETTINGS: flags u8 (1 resize, 2 clipboard to the guest, 4 to the browser), max width u16, max height u16, clipboard bytes u32. */
    byte[] settings() {
        boolean user = mode == ViewerMode.USER;
        int flags = (user && policy.resize() ? RESIZE : 0)
                | (user && policy.clipboard().toGuest() ? PASTE : 0)
                | (user && policy.clipboard().toBrowser() ? COPY : 0);
        return ByteBuffer.allocate(10).put(SETTINGS).put((byte) flags).putShort((short) policy.maxWidth())
                .putShort((short) policy.maxHeight()).putInt(MAX_CLIPBOARD_BYTES).array();
    }

    /**
     * The browser's message as it may go to the host, or null to drop it. A SET_SIZE within the
     * protocol's form is clamped to the pool's limits (a malformed one goes on: the host refuses it).
     */
    ByteBuffer toHost(ByteBuffer message) {
        if (!message.hasRemaining()) {
            return message;
        }
        byte type = message.get(message.position());
        if (type == BROWSER_CLIPBOARD) {
            return policy.clipboard().toGuest() ? message : null;
        }
        if (type == SET_SIZE) {
            if (!policy.resize()) {
                return null;
            }
            if (message.remaining() == 5) {
                int p = message.position();
                int w = Math.min(Short.toUnsignedInt(message.getShort(p + 1)), policy.maxWidth());
                int h = Math.min(Short.toUnsignedInt(message.getShort(p + 3)), policy.maxHeight());
                return ByteBuffer.allocate(5).put(SET_SIZE).putShort((short) w).putShort((short) h).flip();
            }
        }
        return message;
    }

    /** Whether the host's message goes on to the browser. */
    boolean toBrowser(byte[] message) {
        return message.length == 0 || message[0] != HOST_CLIPBOARD
                || (mode == ViewerMode.USER && policy.clipboard().toBrowser());
    }
}
