package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.protocol.MessageType;
import dev.ventana.host.display.protocol.ProtocolViolation;
import dev.ventana.host.errors.ErrorKind;
import java.nio.ByteBuffer;

/**
 * Joins the parts in which the WebSocket container hands over a large binary message, refusing
 * with {@code TOO_LARGE} as soon as the parts exceed the protocol's 1 MiB, so an oversized
 * message is never held whole. A message in one part (every real browser message) is passed on
 * without a copy. One per connection, used by its reader.
 */
final class MessageAssembler {
    private static final int MAX = MessageType.MAX_MESSAGE_BYTES;

    private byte[] buffer;
    private int length;

    /** The complete message once {@code last}, else null. */
    ByteBuffer accept(ByteBuffer part, boolean last) throws ProtocolViolation {
        if (buffer == null && last) {
            if (part.remaining() > MAX) {
                throw tooLarge(part.remaining());
            }
            return part;
        }
        long total = (long) length + part.remaining();
        if (total > MAX) {
            buffer = null;
            length = 0;
            throw tooLarge(total);
        }
        if (buffer == null) {
            buffer = new byte[Math.max(1024, part.remaining() * 2)];
        } else if (buffer.length < total) {
            byte[] bigger = new byte[(int) Math.min(MAX, Math.max(total, (long) buffer.length * 2))];
            System.arraycopy(buffer, 0, bigger, 0, length);
            buffer = bigger;
        }
        int n = part.remaining();
        part.get(buffer, length, n);
        length += n;
        if (!last) {
            return null;
        }
        ByteBuffer whole = ByteBuffer.wrap(buffer, 0, length);
        buffer = null;
        length = 0;
        return whole;
    }

    private static ProtocolViolation tooLarge(long bytes) {
        return new ProtocolViolation(ErrorKind.TOO_LARGE, "message of " + bytes + " bytes or more");
    }
}
