package dev.ventana.host.dbus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a message body value by value, with D-Bus's alignment: each value starts at a multiple
 * of its size from the start of the body (8 bytes aligned in the message, so the body's offsets
 * are the message's modulo 8). Not thread-safe.
 */
public final class DbusBody {
    private final ByteBuffer b;

    DbusBody(ByteBuffer body) {
        this.b = body;
    }

    private void align(int n) {
        int p = b.position();
        int rem = p % n;
        if (rem != 0) {
            b.position(p + n - rem);
        }
    }

    public int u32() {
        align(4);
        return b.getInt();
    }

    public int i32() {
        return u32();
    }

    public long u64() {
        align(8);
        return b.getLong();
    }

    public boolean bool() {
        return u32() != 0;
    }

    public String string() {
        int length = u32();
        byte[] s = new byte[length];
        b.get(s);
        b.get(); // its nul
        return new String(s, StandardCharsets.UTF_8);
    }

    /**
     * An {@code ay}: a view of its bytes (little-endian, sharing the message's memory), so that
     * a whole screen is not copied once more before it is converted.
     */
    public ByteBuffer bytes() {
        int length = u32();
        if (length < 0 || length > b.remaining()) {
            throw new IllegalArgumentException("byte array of " + Integer.toUnsignedString(length) + " bytes with "
                    + b.remaining() + " left");
        }
        ByteBuffer view = b.slice(b.position(), length).order(b.order());
        b.position(b.position() + length);
        return view;
    }
}
