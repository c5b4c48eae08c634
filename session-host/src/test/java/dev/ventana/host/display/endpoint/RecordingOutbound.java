package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.protocol.Canvas;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The outbound side of a WebSocket: records messages and the close. */
final class RecordingOutbound implements DisplayConnection.Outbound {
    final List<byte[]> messages = new CopyOnWriteArrayList<>();
    volatile Ending closed;
    volatile boolean failSends;
    /** When set, closing waits until it is counted down: a peer that stopped reading. */
    volatile CountDownLatch closeHeld;

    @Override
    public void send(byte[] message) throws IOException {
        if (failSends) {
            throw new IOException("send-time limit exceeded");
        }
        messages.add(message);
    }

    @Override
    public void close(Ending ending) {
        CountDownLatch held = closeHeld;
        if (held != null) {
            try {
                held.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (closed == null) {
            closed = ending;
        }
    }

    HostMessage read(int i) {
        return HostMessageReader.read(messages.get(i));
    }

    List<Long> frames() {
        List<Long> frames = new ArrayList<>();
        for (byte[] m : messages) {
            if (HostMessageReader.read(m) instanceof HostMessage.FrameEnd f) {
                frames.add(f.frame());
            }
        }
        return frames;
    }

    List<HostMessage> messagesAfterFrame(long frame) {
        List<HostMessage> after = new ArrayList<>();
        boolean seen = false;
        for (byte[] m : messages) {
            HostMessage message = HostMessageReader.read(m);
            if (seen) {
                after.add(message);
            }
            if (message instanceof HostMessage.FrameEnd f && f.frame() == frame) {
                seen = true;
            }
        }
        return after;
    }

    Canvas canvas() {
        HostMessage.Hello hello = (HostMessage.Hello) read(0);
        Canvas canvas = new Canvas(hello.width(), hello.height());
        for (int i = 1; i < messages.size(); i++) {
            canvas.apply(read(i));
        }
        return canvas;
    }
}
