package dev.ventana.host.display.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins a frame's encoded messages into BATCH messages (0x08, docs/protocol.md) for a browser
 * that announced it takes them. One WebSocket message per frame instead of one per region: each
 * costs a frame header and, over permessage-deflate, a flush of a few bytes, which for a typed
 * character (a 41-byte glyph and a 5-byte FRAME_END) was a third of what it cost on the wire
 * (issue 13). Messages over {@link #LIMIT} go alone, so a batch stays far below 1 MiB; a batch
 * of one would only add its framing, so a lone message goes as itself. Stateless.
 */
public final class FrameBatcher {

    /** Largest batch, type byte included; larger messages are sent alone. */
    public static final int LIMIT = 64 * 1024;
    private static final int PART_HEADER = 3;

    /** The messages to send, in order: batches and messages too large to join. */
    public List<byte[]> join(List<byte[]> messages) {
        List<byte[]> out = new ArrayList<>();
        List<byte[]> pending = new ArrayList<>();
        int size = 1;
        for (byte[] m : messages) {
            if (m.length + PART_HEADER + 1 > LIMIT) {
                flush(pending, out);
                size = 1;
                out.add(m);
                continue;
            }
            if (size + PART_HEADER + m.length > LIMIT) {
                flush(pending, out);
                size = 1;
            }
            pending.add(m);
            size += PART_HEADER + m.length;
        }
        flush(pending, out);
        return out;
    }

    private static void flush(List<byte[]> pending, List<byte[]> out) {
        if (pending.size() == 1) {
            out.add(pending.getFirst());
        } else if (pending.size() > 1) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            batch.write(MessageType.BATCH);
            for (byte[] part : pending) {
                batch.write(part.length >> 16);
                batch.write(part.length >> 8);
                batch.write(part.length);
                batch.writeBytes(part);
            }
            out.add(batch.toByteArray());
        }
        pending.clear();
    }
}
