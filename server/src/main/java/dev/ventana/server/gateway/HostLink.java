package dev.ventana.server.gateway;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The gateway's end of one host display connection, for sending. The JDK's WebSocket takes one
 * send at a time, so messages wait here in order; the queue is bounded in bytes, and a host that
 * stops reading fails the send instead of growing it.
 */
final class HostLink {
    private final WebSocket socket;
    private final long byteLimit;
    private final Queue<ByteBuffer> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sending;
    private boolean failed;

    HostLink(WebSocket socket, long byteLimit) {
        this.socket = socket;
        this.byteLimit = byteLimit;
    }

    /** Queues one binary message for the host; fails if the host is not keeping up or the link broke. */
    synchronized void send(ByteBuffer message) throws IOException {
        if (failed || socket.isOutputClosed()) {
            throw new IOException("the host connection is closed");
        }
        if (queuedBytes + message.remaining() > byteLimit) {
            failed = true;
            throw new IOException("the host is not reading: " + queuedBytes + " bytes wait");
        }
        queue.add(message);
        queuedBytes += message.remaining();
        if (!sending) {
            sendNext();
        }
    }

    void close(int code, String reason) {
        if (!socket.isOutputClosed()) {
            socket.sendClose(code, reason).whenComplete((s, failure) -> {
                if (failure != null) {
                    socket.abort();
                }
            });
        }
    }

    private synchronized void sendNext() {
        ByteBuffer next = queue.poll();
        if (next == null || failed) {
            sending = false;
            return;
        }
        sending = true;
        queuedBytes -= next.remaining();
        socket.sendBinary(next, true).whenComplete((s, failure) -> {
            if (failure != null) {
                synchronized (this) {
                    failed = true;
                    queue.clear();
                    queuedBytes = 0;
                    sending = false;
                }
                socket.abort();
            } else {
                sendNext();
            }
        });
    }
}
