package dev.ventana.server.gateway;

import dev.ventana.server.broker.DisplayTarget;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;

/**
 * Opens the gateway's side of a relay: a WebSocket to the host's display endpoint, with the farm
 * token. The JDK's client, not Tomcat's: Tomcat's client socket keeps Nagle's algorithm on, and a
 * key press then waited up to 40 ms for the host to acknowledge the previous message (measured
 * with tcpdump, docs/architecture.md); the JDK's sets TCP_NODELAY.
 */
@Component
class HostDisplays implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    /** Connects the relay's host side, as a shadow if the relay carries one. */
    void connect(DisplayTarget target, Relay relay) {
        client.newWebSocketBuilder()
                .header("Authorization", "Bearer " + target.farmToken())
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(relay.mode().hostUri(target.uri()), new FromHost(relay))
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        relay.hostFailed(failure.getCause() == null ? failure.toString() : failure.getCause().toString());
                    } else {
                        relay.hostConnected(socket);
                    }
                });
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    /**
     * The host's messages, one at a time: the next is requested only after this one went to the
     * browser, so a slow browser slows the host's socket down instead of filling memory here.
     */
    private static final class FromHost implements WebSocket.Listener {
        private final Relay relay;
        private final ByteArrayOutputStream parts = new ByteArrayOutputStream();

        FromHost(Relay relay) {
            this.relay = relay;
        }

        @Override
        public void onOpen(WebSocket socket) {
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            if (parts.size() + data.remaining() > DisplayRelay.MAX_MESSAGE_BYTES) {
                relay.hostFailed("a message from the host over " + DisplayRelay.MAX_MESSAGE_BYTES + " bytes");
                socket.abort();
                return null;
            }
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            if (last && parts.size() == 0) {
                forward(bytes);
            } else {
                parts.write(bytes, 0, bytes.length);
                if (last) {
                    forward(parts.toByteArray());
                    parts.reset();
                }
            }
            socket.request(1);
            return null;
        }

        private void forward(byte[] message) {
            relay.fromHost(message);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            relay.hostFailed("a text message from the host");
            socket.abort();
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            relay.hostClosed(new CloseStatus(code, reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            relay.hostClosed(CloseStatus.NO_CLOSE_FRAME);
        }
    }
}
