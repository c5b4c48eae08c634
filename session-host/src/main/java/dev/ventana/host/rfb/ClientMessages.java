package dev.ventana.host.rfb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of every message this client sends, one pure method each (as noVNC's
 * {@code RFB.messages}): the handshake replies and the client-to-server messages of RFC 6143
 * (7.1, 7.2, 7.3.1, 7.5) plus QEMU's extended key event. {@link RfbClient} only writes them.
 */
final class ClientMessages {
    static final int SET_PIXEL_FORMAT = 0;
    static final int SET_ENCODINGS = 2;
    static final int FRAMEBUFFER_UPDATE_REQUEST = 3;
    static final int KEY_EVENT = 4;
    static final int POINTER_EVENT = 5;
    /** QEMU's own client message; a submessage type follows. */
    static final int QEMU = 255;
    static final int QEMU_EXTENDED_KEY_EVENT = 0;

    static final int SECURITY_NONE = 1;

    private static final String PROTOCOL_VERSION = "RFB 003.008\n";

    private ClientMessages() {
    }

    /** ProtocolVersion: the version this client speaks, whatever newer one the server offers. */
    static byte[] protocolVersion() {
        return PROTOCOL_VERSION.getBytes(StandardCharsets.US_ASCII);
    }

    /** The security type the client chose from the server's list. */
    static byte[] securityType(int type) {
        return new byte[] {(byte) type};
    }

    /** ClientInit: {@code shared} lets other clients stay connected to the same desktop. */
    static byte[] clientInit(boolean shared) {
        return new byte[] {flag(shared)};
    }

    static byte[] setPixelFormat(PixelFormat f) {
        return ByteBuffer.allocate(20)
                .put((byte) SET_PIXEL_FORMAT).put(new byte[3])
                .put((byte) f.bitsPerPixel()).put((byte) f.depth()).put(flag(f.bigEndian())).put(flag(f.trueColour()))
                .putShort((short) f.redMax()).putShort((short) f.greenMax()).putShort((short) f.blueMax())
                .put((byte) f.redShift()).put((byte) f.greenShift()).put((byte) f.blueShift()).put(new byte[3])
                .array();
    }

    /** SetEncodings, in the client's order of preference; pseudo-encodings are negative. */
    static byte[] setEncodings(int... encodings) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * encodings.length)
                .put((byte) SET_ENCODINGS).put((byte) 0).putShort((short) encodings.length);
        for (int e : encodings) {
            b.putInt(e);
        }
        return b.array();
    }

    static byte[] framebufferUpdateRequest(boolean incremental, int x, int y, int width, int height) {
        return ByteBuffer.allocate(10)
                .put((byte) FRAMEBUFFER_UPDATE_REQUEST).put(flag(incremental))
                .putShort((short) x).putShort((short) y).putShort((short) width).putShort((short) height)
                .array();
    }

    static byte[] keyEvent(boolean down, int keysym) {
        return ByteBuffer.allocate(8)
                .put((byte) KEY_EVENT).put(flag(down)).putShort((short) 0).putInt(keysym)
                .array();
    }

    /**
     * QEMU's extended key event: the key's meaning (keysym) and its position (keycode, an XT
     * scancode with the E0 prefix folded into bit 7). Down is a u16 here, unlike in KeyEvent.
     */
    static byte[] qemuExtendedKeyEvent(boolean down, int keysym, int keycode) {
        return ByteBuffer.allocate(12)
                .put((byte) QEMU).put((byte) QEMU_EXTENDED_KEY_EVENT).putShort((short) (down ? 1 : 0))
                .putInt(keysym).putInt(keycode)
                .array();
    }

    /** PointerEvent: {@code buttons} has bit 0 for the left button, 1 middle, 2 right. */
    static byte[] pointerEvent(int buttons, int x, int y) {
        return ByteBuffer.allocate(6)
                .put((byte) POINTER_EVENT).put((byte) buttons).putShort((short) x).putShort((short) y)
                .array();
    }

    private static byte flag(boolean b) {
        return (byte) (b ? 1 : 0);
    }
}
