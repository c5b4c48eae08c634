package dev.ventana.host.rfb;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds server messages byte by byte, the way the RFB specification lays them out. */
final class RfbBytes {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    RfbBytes u8(int v) {
        return run(() -> out.writeByte(v));
    }

    RfbBytes u16(int v) {
        return run(() -> out.writeShort(v));
    }

    RfbBytes s32(int v) {
        return run(() -> out.writeInt(v));
    }

    RfbBytes raw(byte[] b) {
        return run(() -> out.write(b));
    }

    RfbBytes updateHeader(int rects) {
        return u8(0).u8(0).u16(rects);
    }

    RfbBytes rect(int x, int y, int w, int h, int encoding) {
        return u16(x).u16(y).u16(w).u16(h).s32(encoding);
    }

    /** Little-endian 32-bit pixels as the client's pixel format asks for: B, G, R, unused. */
    RfbBytes pixels(int... rgb) {
        for (int p : rgb) {
            u8(p & 0xff).u8((p >> 8) & 0xff).u8((p >> 16) & 0xff).u8(0);
        }
        return this;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private RfbBytes run(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
