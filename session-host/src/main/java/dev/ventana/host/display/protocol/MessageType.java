package dev.ventana.host.display.protocol;

/** The first byte of every message, as docs/protocol.md numbers them. */
public final class MessageType {
    static final int HOST_HELLO = 0x01;
    static final int RESIZE = 0x02;
    static final int FRAME_END = 0x03;
    static final int CURSOR = 0x04;
    static final int PONG = 0x05;
    static final int CLIPBOARD = 0x06;
    // 0x07 is SETTINGS, which only the server's gateway sends.
    static final int BATCH = 0x08;
    static final int SOLID = 0x10;
    static final int COPY = 0x11;
    static final int PNG = 0x12;
    static final int JPEG = 0x13;
    static final int RAW = 0x14;
    // 0x15 stays reserved for WebP.
    static final int BITMAP = 0x16;
    static final int RESTORE = 0x17;

    static final int BROWSER_HELLO = 0x81;
    static final int KEY = 0x82;
    static final int POINTER = 0x83;
    static final int WHEEL = 0x84;
    static final int FRAME_ACK = 0x85;
    static final int PING = 0x86;
    static final int REFRESH = 0x87;
    static final int SET_SIZE = 0x88;
    static final int BROWSER_CLIPBOARD = 0x89;

    /** Largest WebSocket message either side accepts, type byte included. */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;
    /** Largest clipboard text either way, in UTF-8 bytes: one transfer (docs/protocol.md, "Clipboard"). */
    public static final int MAX_CLIPBOARD_BYTES = 256 * 1024;

    private MessageType() {
    }
}
