package dev.ventana.server.gateway;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The browser's side of a relay without a network: it keeps what it was sent and how it was closed. */
final class FakeBrowserSession implements WebSocketSession {
    final List<byte[]> received = new ArrayList<>();
    private final Map<String, Object> attributes = new HashMap<>();
    CloseStatus closed;

    @Override
    public void sendMessage(WebSocketMessage<?> message) {
        ByteBuffer payload = ((BinaryMessage) message).getPayload().duplicate();
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        received.add(copy);
    }

    @Override
    public boolean isOpen() {
        return closed == null;
    }

    @Override
    public void close() {
        close(CloseStatus.NORMAL);
    }

    @Override
    public void close(CloseStatus status) {
        closed = status;
    }

    @Override
    public String getId() {
        return "fake-browser";
    }

    @Override
    public URI getUri() {
        return URI.create("ws://localhost/display");
    }

    @Override
    public HttpHeaders getHandshakeHeaders() {
        return new HttpHeaders();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public Principal getPrincipal() {
        return null;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return null;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return null;
    }

    @Override
    public String getAcceptedProtocol() {
        return null;
    }

    @Override
    public void setTextMessageSizeLimit(int messageSizeLimit) {
    }

    @Override
    public int getTextMessageSizeLimit() {
        return 0;
    }

    @Override
    public void setBinaryMessageSizeLimit(int messageSizeLimit) {
    }

    @Override
    public int getBinaryMessageSizeLimit() {
        return DisplayRelay.MAX_MESSAGE_BYTES;
    }

    @Override
    public List<WebSocketExtension> getExtensions() {
        return List.of();
    }
}
