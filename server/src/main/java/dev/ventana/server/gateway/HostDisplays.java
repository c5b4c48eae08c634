package dev.ventana.server.gateway;

import dev.ventana.server.broker.DisplayTarget;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

/** Opens the gateway's side of a relay: a WebSocket to the host's display endpoint, with the farm token. */
@Component
class HostDisplays {
    private final StandardWebSocketClient client;

    HostDisplays() {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        // Tomcat's default of 8 KiB per message would cut every screen update: allow the protocol's limit.
        container.setDefaultMaxBinaryMessageBufferSize(2 * DisplayRelay.MAX_MESSAGE_BYTES);
        container.setDefaultMaxSessionIdleTimeout(0);
        this.client = new StandardWebSocketClient(container);
    }

    void connect(DisplayTarget target, Relay relay) {
        WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
        headers.setBearerAuth(target.farmToken());
        client.execute(new BinaryWebSocketHandler() {
            @Override
            protected void handleBinaryMessage(WebSocketSession host, BinaryMessage message) {
                relay.toBrowser(message);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession host, CloseStatus status) {
                relay.hostClosed(status);
            }
        }, headers, target.uri()).whenComplete((host, failure) -> {
            if (failure != null) {
                relay.hostFailed(failure.getMessage());
            } else {
                relay.hostConnected(host);
            }
        });
    }
}
