package dev.ventana.host.display.protocol;

import dev.ventana.host.display.Rect;
import java.nio.ByteBuffer;

import static dev.ventana.host.display.protocol.MessageType.*;

/** Writes host messages as the bytes of one WebSocket binary message each. */
public final class HostMessageEncoder {

    private static final int REGION_HEADER = 9;

    public byte[] encode(HostMessage message) {
        ByteBuffer out = switch (message) {
            case HostMessage.Hello h -> allocate(HOST_HELLO, 6).put((byte) h.version())
                    .putShort((short) h.width()).putShort((short) h.height()).put((byte) h.window());
            case HostMessage.Resize r -> allocate(RESIZE, 4).putShort((short) r.width()).putShort((short) r.height());
            case HostMessage.FrameEnd f -> allocate(FRAME_END, 4).putInt((int) f.frame());
            case HostMessage.Cursor c -> allocate(CURSOR, 8 + c.rgba().length)
                    .putShort((short) c.hotX()).putShort((short) c.hotY())
                    .putShort((short) c.width()).putShort((short) c.height()).put(c.rgba());
            case HostMessage.Pong p -> allocate(PONG, 4).putInt((int) p.nonce());
            case HostMessage.Clipboard c -> {
                byte[] text = c.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                yield allocate(CLIPBOARD, text.length).put(text);
            }
            case HostMessage.Solid s -> region(SOLID, s.rect(), 3)
                    .put((byte) (s.rgb() >> 16)).put((byte) (s.rgb() >> 8)).put((byte) s.rgb());
            case HostMessage.Copy c -> region(COPY, c.rect(), 4).putShort((short) c.srcX()).putShort((short) c.srcY());
            case HostMessage.Restore r -> region(RESTORE, r.rect(), 0);
            case HostMessage.Png p -> region(PNG, p.rect(), p.png().length).put(p.png());
            case HostMessage.Jpeg j -> region(JPEG, j.rect(), j.jpeg().length).put(j.jpeg());
            case HostMessage.Raw r -> region(RAW, r.rect(), r.rgb().length).put(r.rgb());
            case HostMessage.Bitmap b -> rgb(rgb(region(BITMAP, b.rect(), 6 + b.bits().length), b.background()), b.foreground())
                    .put(b.bits());
        };
        if (out.capacity() > MAX_MESSAGE_BYTES) {
            // The region encoder tiles so this cannot happen; if it does, the browser would close on us.
            throw new IllegalStateException("message of " + out.capacity() + " bytes exceeds the 1 MiB limit");
        }
        return out.array();
    }

    private static ByteBuffer allocate(int type, int bodyBytes) {
        return ByteBuffer.allocate(1 + bodyBytes).put((byte) type);
    }

    private static ByteBuffer rgb(ByteBuffer out, int rgb) {
        return out.put((byte) (rgb >> 16)).put((byte) (rgb >> 8)).put((byte) rgb);
    }

    private static ByteBuffer region(int type, Rect rect, int payloadBytes) {
        return ByteBuffer.allocate(REGION_HEADER + payloadBytes).put((byte) type)
                .putShort((short) rect.x()).putShort((short) rect.y())
                .putShort((short) rect.width()).putShort((short) rect.height());
    }
}
