package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.protocol.FrameBatcher;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * One viewer's host messages as the bytes it is sent: each message alone, or a frame's joined into
 * BATCH ({@link FrameBatcher}) once the browser's HELLO said it takes them. Messages outside a
 * frame (HELLO, CLIPBOARD, PONG) always go alone. Set by the transport's reader, used by the pump.
 */
final class WireEncoder {
    private final HostMessageEncoder encoder = new HostMessageEncoder();
    private final FrameBatcher batcher = new FrameBatcher();
    private volatile boolean batches;

    /** What the browser's HELLO said: whether it unpacks BATCH. */
    void takeBatches(boolean takes) {
        batches = takes;
    }

    byte[] encode(HostMessage message) {
        return encoder.encode(message);
    }

    /** A frame's messages, up to its FRAME_END, in the order they are to be sent. */
    List<byte[]> frame(List<HostMessage> frame) {
        List<byte[]> messages = new ArrayList<>(frame.size());
        for (HostMessage m : frame) {
            messages.add(encoder.encode(m));
        }
        return batches ? batcher.join(messages) : messages;
    }
}
