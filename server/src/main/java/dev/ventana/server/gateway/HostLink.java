package dev.ventana.server.gateway;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The gateway's end of one host display connection, for sending. The JDK's WebSocket takes one
 * send at a time, so messages wait here in order; the queue is bounded in bytes, and a host that
 * stops reading fails the send instead of growing it. A waiting message is charged its payload
 * plus {@link #MESSAGE_OVERHEAD}: a 4-byte KEY costs the heap some 90 bytes (its ByteBuffer, its
 * array, its slot in the queue), and counting payload alone let a key flood queue a million of
 * them, about 100 MB, behind a host that reads keys 10 ms apart (bench/hostile).
 */
final class HostLink {
    static final int MESSAGE_OVERHEAD = 96;

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
        if (queuedBytes + cost(message) > byteLimit) {
            failed = true;
            throw new IOException("the host is not reading: " + queue.size() + " messages wait");
        }
        queue.add(message);
        queuedBytes += cost(message);
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

    private static long cost(ByteBuffer message) {
        return message.remaining() + (long) MESSAGE_OVERHEAD;
    }

    /** How many messages wait; for tests. */
    synchronized int queued() {
        return queue.size();
    }

    private synchronized void sendNext() {
        ByteBuffer next = queue.poll();
        if (next == null || failed) {
            sending = false;
            return;
        }
        sending = true;
        queuedBytes -= cost(next);
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
