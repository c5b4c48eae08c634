package dev.ventana.host.display.protocol;

import dev.ventana.host.display.Rect;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Test-only reader of host messages: the host never reads its own messages, but the tests
 * must turn vector bytes and encoder output back into messages to check them.
 */
public final class HostMessageReader {

    private HostMessageReader() {
    }

    public static HostMessage read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int type = u8(in);
        HostMessage message = switch (type) {
            case 0x01 -> new HostMessage.Hello(u8(in), u16(in), u16(in), u8(in));
            case 0x02 -> new HostMessage.Resize(u16(in), u16(in));
            case 0x03 -> new HostMessage.FrameEnd(Integer.toUnsignedLong(in.getInt()));
            case 0x04 -> new HostMessage.Cursor(u16(in), u16(in), u16(in), u16(in), rest(in));
            case 0x05 -> new HostMessage.Pong(Integer.toUnsignedLong(in.getInt()));
            case 0x06 -> {
                try {
                    yield new HostMessage.Clipboard(ClipboardText.decode(in));
                } catch (ProtocolViolation e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
            }
            case 0x10 -> new HostMessage.Solid(rect(in), (u8(in) << 16) | (u8(in) << 8) | u8(in));
            case 0x11 -> new HostMessage.Copy(rect(in), u16(in), u16(in));
            case 0x12 -> new HostMessage.Png(rect(in), rest(in));
            case 0x13 -> new HostMessage.Jpeg(rect(in), rest(in));
            case 0x14 -> new HostMessage.Raw(rect(in), rest(in));
            case 0x16 -> new HostMessage.Bitmap(rect(in), rgb(in), rgb(in), rest(in));
            case 0x17 -> new HostMessage.Restore(rect(in));
            default -> throw new IllegalArgumentException("type " + type);
        };
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after " + message);
        }
        return message;
    }

    private static Rect rect(ByteBuffer in) {
        return new Rect(u16(in), u16(in), u16(in), u16(in));
    }

    private static int rgb(ByteBuffer in) {
        return (u8(in) << 16) | (u8(in) << 8) | u8(in);
    }

    private static byte[] rest(ByteBuffer in) {
        byte[] rest = Arrays.copyOfRange(in.array(), in.position(), in.limit());
        in.position(in.limit());
        return rest;
    }

    private static int u8(ByteBuffer in) {
        return Byte.toUnsignedInt(in.get());
    }

    private static int u16(ByteBuffer in) {
        return Short.toUnsignedInt(in.getShort());
    }
}
