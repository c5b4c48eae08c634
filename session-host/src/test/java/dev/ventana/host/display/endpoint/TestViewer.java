package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.protocol.Canvas;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageReader;
import dev.ventana.host.rfb.Framebuffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A viewer as the gateway and the browser together are one: a JDK WebSocket client with the farm
 * token that speaks the display protocol, paints the host's messages on a {@link Canvas} and
 * acknowledges every frame once it is painted.
 */
final class TestViewer implements WebSocket.Listener, AutoCloseable {
    record Close(int code, String reason) {
    }

    final CompletableFuture<Close> closed = new CompletableFuture<>();
    final CompletableFuture<HostMessage.Hello> hello = new CompletableFuture<>();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong frames = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    /** Nonce -> System.nanoTime() when its PONG arrived. */
    final java.util.Map<Long, Long> pongs = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService sends = Executors.newSingleThreadExecutor();
    private WebSocket ws;
    private Canvas canvas;
    private ByteBuffer partial;
    private volatile boolean acking = true;
    private volatile long lastFrameNanos;
    /** Sees every host message's bytes as it arrives (a measurement records them); null for none. */
    volatile java.util.function.Consumer<byte[]> tap;

    static TestViewer connect(HttpClient http, URI uri, String farmToken) {
        TestViewer viewer = new TestViewer();
        viewer.ws = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + farmToken)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, viewer).join();
        return viewer;
    }

    /** Sends the browser's HELLO (version 1, no JPEG: lossless pictures compare exactly). */
    TestViewer hello() {
        return send(new byte[] {(byte) 0x81, 1, 0});
    }

    TestViewer key(int code, boolean down) {
        return send(ByteBuffer.allocate(4).put((byte) 0x82).put((byte) (down ? 1 : 0)).putShort((short) code).array());
    }

    TestViewer ping(long nonce) {
        return send(ByteBuffer.allocate(5).put((byte) 0x86).putInt((int) nonce).array());
    }

    /** Sends one message; sends are serialised as the JDK client requires. */
    TestViewer send(byte[] message) {
        sends.submit(() -> ws.sendBinary(ByteBuffer.wrap(message), true).join());
        return this;
    }

    TestViewer sendText(String text) {
        sends.submit(() -> ws.sendText(text, true).join());
        return this;
    }

    void stopAcking() {
        acking = false;
    }

    synchronized Framebuffer.Snapshot snapshot() {
        if (canvas == null) {
            return new Framebuffer.Snapshot(1, 1, new int[1]);
        }
        return new Framebuffer.Snapshot(canvas.width(), canvas.height(), canvas.rgb());
    }

    long lastFrameNanos() {
        return lastFrameNanos;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (partial == null && last) {
            message(data);
        } else {
            ByteBuffer joined = ByteBuffer.allocate((partial == null ? 0 : partial.remaining()) + data.remaining());
            if (partial != null) {
                joined.put(partial);
            }
            partial = joined.put(data).flip();
            if (last) {
                ByteBuffer whole = partial;
                partial = null;
                message(whole);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void message(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        bytes.addAndGet(b.length);
        messages.incrementAndGet();
        HostMessage m = HostMessageReader.read(b);
        synchronized (this) {
            // Under the lock: a recorder that starts from a snapshot sees every later message.
            java.util.function.Consumer<byte[]> t = tap;
            if (t != null) {
                t.accept(b);
            }
            if (m instanceof HostMessage.Hello h) {
                canvas = new Canvas(h.width(), h.height());
                hello.complete(h);
            } else {
                canvas.apply(m);
            }
        }
        if (m instanceof HostMessage.Pong p) {
            pongs.put(p.nonce(), System.nanoTime());
        }
        if (m instanceof HostMessage.FrameEnd f) {
            frames.incrementAndGet();
            lastFrameNanos = System.nanoTime();
            if (acking) {
                send(ByteBuffer.allocate(5).put((byte) 0x85).putInt((int) f.frame()).array());
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public synchronized void close() {
        if (sends.isShutdown()) {
            return;
        }
        if (!closed.isDone()) {
            sends.submit(() -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join());
        }
        sends.shutdown();
        try {
            sends.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ws.abort();
    }
}
