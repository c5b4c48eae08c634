package dev.ventana.host.display.endpoint;

import java.nio.ByteBuffer;

/** Browser messages as the bytes a viewer sends (docs/protocol.md, "Browser to host"). */
final class BrowserBytes {
    private BrowserBytes() {
    }

    static ByteBuffer hello(int flags) {
        return ByteBuffer.wrap(new byte[] {(byte) 0x81, 1, (byte) flags});
    }

    static ByteBuffer ack(long frame) {
        return ByteBuffer.allocate(5).put((byte) 0x85).putInt((int) frame).flip();
    }

    static ByteBuffer key(boolean down, int code) {
        return ByteBuffer.allocate(4).put((byte) 0x82).put((byte) (down ? 1 : 0)).putShort((short) code).flip();
    }

    static ByteBuffer pointer(int x, int y, int buttons) {
        return ByteBuffer.allocate(6).put((byte) 0x83).putShort((short) x).putShort((short) y).put((byte) buttons).flip();
    }
}
