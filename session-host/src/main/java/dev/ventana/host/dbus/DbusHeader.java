package dev.ventana.host.dbus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads a message's header fields: the codes and types of the D-Bus specification. */
final class DbusHeader {
    private DbusHeader() {
    }

    /** {@code m} holds the whole message, the header padded to {@code headerLength}. */
    static DbusMessage parse(ByteBuffer m, int headerLength, int bodyLength) throws IOException {
        int type = m.get(1);
        int flags = m.get(2);
        int serial = m.getInt(8);
        int end = 16 + m.getInt(12);
        String path = null;
        String iface = null;
        String member = null;
        String errorName = null;
        String signature = "";
        int replySerial = 0;
        int p = 16;
        while (p < end) {
            p = align(p, 8);
            int code = m.get(p++);
            int sigLength = m.get(p++);
            String sig = new String(bytes(m, p, sigLength), StandardCharsets.US_ASCII);
            p += sigLength + 1;
            switch (sig) {
                case "s", "o" -> {
                    p = align(p, 4);
                    int length = m.getInt(p);
                    String v = new String(bytes(m, p + 4, length), StandardCharsets.UTF_8);
                    p += 4 + length + 1;
                    switch (code) {
                        case 1 -> path = v;
                        case 2 -> iface = v;
                        case 3 -> member = v;
                        case 4 -> errorName = v;
                        default -> { } // destination, sender
                    }
                }
                case "u" -> {
                    p = align(p, 4);
                    int v = m.getInt(p);
                    p += 4;
                    if (code == 5) {
                        replySerial = v;
                    }
                }
                case "g" -> {
                    int length = m.get(p) & 0xff;
                    String v = new String(bytes(m, p + 1, length), StandardCharsets.US_ASCII);
                    p += 1 + length + 1;
                    if (code == 8) {
                        signature = v;
                    }
                }
                default -> throw new IOException("D-Bus header field " + code + " of type " + sig);
            }
        }
        ByteBuffer body = m.slice(headerLength, bodyLength).order(m.order());
        return new DbusMessage(type, flags, serial, path, iface, member, errorName, replySerial, signature, body);
    }

    private static int align(int p, int n) {
        return (p + n - 1) / n * n;
    }

    private static byte[] bytes(ByteBuffer m, int at, int length) {
        byte[] b = new byte[length];
        m.get(at, b);
        return b;
    }
}
