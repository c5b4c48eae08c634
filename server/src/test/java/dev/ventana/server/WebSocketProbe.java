package dev.ventana.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client that records what it receives and how the connection closed. */
public final class WebSocketProbe implements WebSocket.Listener {
    public record Close(int code, String reason) {
    }

    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<byte[]> received = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream parts = new ByteArrayOutputStream(); // only the listener's thread
    private final WebSocket socket;

    public WebSocketProbe(URI uri, String... headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        this.socket = builder.buildAsync(uri, this).join();
    }

    public WebSocket socket() {
        return socket;
    }

    public Close awaitClose() {
        try {
            return closed.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the connection did not close within 30 s", e);
        }
    }

    /** The binary messages received so far, each whole (however many parts it came in). */
    public ConcurrentLinkedQueue<byte[]> received() {
        return received;
    }

    /** What the host sent, as received: without the gateway's SETTINGS (0x07, 10 bytes), which opens every connection. */
    public java.util.List<byte[]> fromHost() {
        return received.stream().filter(m -> m.length != 10 || m[0] != 0x07).toList();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        parts.writeBytes(bytes);
        if (last) {
            received.add(parts.toByteArray());
            parts.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(1006, String.valueOf(error)));
    }
}
