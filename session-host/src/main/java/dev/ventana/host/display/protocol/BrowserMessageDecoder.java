package dev.ventana.host.display.protocol;

import dev.ventana.host.errors.ErrorKind;
import java.nio.ByteBuffer;

import static dev.ventana.host.display.protocol.MessageType.*;

/**
 * Reads one browser message and refuses anything docs/protocol.md does not allow. It checks
 * what a message says on its own; what depends on the connection (handshake order, screen
 * size, input rate, frame numbers) is for {@link InputGate} and the frame composer.
 */
public final class BrowserMessageDecoder {

    public static final int MAX_WHEEL_NOTCHES = 16;
    private static final int BUTTON_BITS = 0b1_1111;

    public BrowserMessage decode(ByteBuffer message) throws ProtocolViolation {
        int size = message.remaining();
        if (size > MAX_MESSAGE_BYTES) {
            throw new ProtocolViolation(ErrorKind.TOO_LARGE, "message of " + size + " bytes");
        }
        if (size == 0) {
            throw bad("empty message");
        }
        ByteBuffer in = message.slice();
        int type = Byte.toUnsignedInt(in.get());
        return switch (type) {
            case BROWSER_HELLO -> {
                expect(in, 2, "HELLO");
                yield new BrowserMessage.Hello(u8(in), u8(in));
            }
            case KEY -> {
                expect(in, 3, "KEY");
                int down = u8(in);
                int code = u16(in);
                if (down > 1) {
                    throw bad("KEY down byte " + down);
                }
                if (!XtScancode.isValid(code)) {
                    throw bad("KEY code 0x" + Integer.toHexString(code));
                }
                yield new BrowserMessage.Key(down == 1, code);
            }
            case POINTER -> {
                expect(in, 5, "POINTER");
                int x = u16(in);
                int y = u16(in);
                int buttons = u8(in);
                if ((buttons & ~BUTTON_BITS) != 0) {
                    throw bad("POINTER buttons 0x" + Integer.toHexString(buttons));
                }
                yield new BrowserMessage.Pointer(x, y, buttons);
            }
            case WHEEL -> {
                expect(in, 2, "WHEEL");
                int dx = in.get();
                int dy = in.get();
                if ((dx == 0 && dy == 0) || Math.abs(dx) > MAX_WHEEL_NOTCHES || Math.abs(dy) > MAX_WHEEL_NOTCHES) {
                    throw bad("WHEEL " + dx + "," + dy);
                }
                yield new BrowserMessage.Wheel(dx, dy);
            }
            case FRAME_ACK -> {
                expect(in, 4, "FRAME_ACK");
                yield new BrowserMessage.FrameAck(Integer.toUnsignedLong(in.getInt()));
            }
            case PING -> {
                expect(in, 4, "PING");
                yield new BrowserMessage.Ping(Integer.toUnsignedLong(in.getInt()));
            }
            case REFRESH -> {
                expect(in, 0, "REFRESH");
                yield new BrowserMessage.Refresh();
            }
            case SET_SIZE -> {
                expect(in, 4, "SET_SIZE");
                int w = u16(in);
                int h = u16(in);
                if (w < 1 || h < 1 || w > HostMessage.MAX_SCREEN_SIDE || h > HostMessage.MAX_SCREEN_SIDE) {
                    throw bad("SET_SIZE " + w + "x" + h);
                }
                yield new BrowserMessage.SetSize(w, h);
            }
            case BROWSER_CLIPBOARD -> {
                if (in.remaining() > MAX_CLIPBOARD_BYTES) {
                    throw new ProtocolViolation(ErrorKind.TOO_LARGE, "CLIPBOARD of " + in.remaining() + " bytes");
                }
                yield new BrowserMessage.Clipboard(ClipboardText.decode(in));
            }
            default -> throw bad("unknown message type 0x" + Integer.toHexString(type));
        };
    }

    public BrowserMessage decode(byte[] message) throws ProtocolViolation {
        return decode(ByteBuffer.wrap(message));
    }

    private static void expect(ByteBuffer in, int bodyBytes, String name) throws ProtocolViolation {
        if (in.remaining() != bodyBytes) {
            throw bad(name + " needs " + bodyBytes + " bytes after the type, got " + in.remaining());
        }
    }

    private static int u8(ByteBuffer in) {
        return Byte.toUnsignedInt(in.get());
    }

    private static int u16(ByteBuffer in) {
        return Short.toUnsignedInt(in.getShort());
    }

    private static ProtocolViolation bad(String detail) {
        return new ProtocolViolation(ErrorKind.BAD_REQUEST, detail);
    }
}
