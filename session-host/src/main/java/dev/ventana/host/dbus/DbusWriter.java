package dev.ventana.host.dbus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds little-endian D-Bus messages: the header with its fields, then a body written value by
 * value with D-Bus's alignment. Only the types this client sends: {@code u i h s o g}.
 */
public final class DbusWriter {
    private static final int PATH = 1;
    private static final int INTERFACE = 2;
    private static final int MEMBER = 3;
    private static final int ERROR_NAME = 4;
    private static final int REPLY_SERIAL = 5;
    private static final int SIGNATURE = 8;
    private static final int UNIX_FDS = 9;

    private final Buf body = new Buf();

    public DbusWriter u32(int v) {
        body.u32(v);
        return this;
    }

    public DbusWriter string(String s) {
        body.string(s);
        return this;
    }

    byte[] bodyBytes() {
        return body.out.toByteArray();
    }

    /** A method call; {@code fds} is how many descriptors go with it (the {@code h} values index them). */
    public static byte[] call(int serial, String path, String iface, String member, String signature, DbusWriter args,
            boolean noReply, int fds) {
        Buf fields = new Buf();
        field(fields, PATH, "o", path);
        field(fields, INTERFACE, "s", iface);
        field(fields, MEMBER, "s", member);
        if (!signature.isEmpty()) {
            field(fields, SIGNATURE, "g", signature);
        }
        if (fds > 0) {
            fields.align(8);
            fields.out.write(UNIX_FDS);
            fields.signature("u");
            fields.u32(fds);
        }
        return message(DbusMessage.METHOD_CALL, noReply ? DbusMessage.NO_REPLY_EXPECTED : 0, serial, fields,
                args == null ? new byte[0] : args.bodyBytes());
    }

    public static byte[] methodReturn(int serial, int replySerial) {
        Buf fields = new Buf();
        fields.align(8);
        fields.out.write(REPLY_SERIAL);
        fields.signature("u");
        fields.u32(replySerial);
        return message(DbusMessage.METHOD_RETURN, DbusMessage.NO_REPLY_EXPECTED, serial, fields, new byte[0]);
    }

    public static byte[] error(int serial, int replySerial, String name, String text) {
        Buf fields = new Buf();
        field(fields, ERROR_NAME, "s", name);
        fields.align(8);
        fields.out.write(REPLY_SERIAL);
        fields.signature("u");
        fields.u32(replySerial);
        field(fields, SIGNATURE, "g", "s");
        return message(DbusMessage.ERROR, DbusMessage.NO_REPLY_EXPECTED, serial, fields,
                new DbusWriter().string(text).bodyBytes());
    }

    private static void field(Buf fields, int code, String type, String value) {
        fields.align(8);
        fields.out.write(code);
        fields.signature(type);
        if (type.equals("g")) {
            fields.signature(value);
        } else {
            fields.string(value);
        }
    }

    private static byte[] message(int type, int flags, int serial, Buf fields, byte[] body) {
        Buf m = new Buf();
        m.out.write('l');
        m.out.write(type);
        m.out.write(flags);
        m.out.write(1);
        m.u32(body.length);
        m.u32(serial);
        byte[] f = fields.out.toByteArray();
        m.u32(f.length);
        m.out.writeBytes(f);
        m.align(8);
        m.out.writeBytes(body);
        return m.out.toByteArray();
    }

    /** Bytes with alignment counted from their own start. */
    private static final class Buf {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void align(int n) {
            while (out.size() % n != 0) {
                out.write(0);
            }
        }

        void u32(int v) {
            align(4);
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u32(b.length);
            out.writeBytes(b);
            out.write(0);
        }

        void signature(String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.writeBytes(b);
            out.write(0);
        }
    }
}
