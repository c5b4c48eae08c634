package dev.ventana.server.gateway;

import dev.ventana.server.errors.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One browser joined to one host connection. Every buffer is bounded: messages that arrive
 * before the host answers wait in a short queue, and each direction's send buffer is capped;
 * a peer that cannot keep up is disconnected rather than allowed to grow memory.
 */
class Relay {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    static final int SEND_TIME_LIMIT_MS = 10_000;
    static final int EARLY_MESSAGES = 64;

    private final WebSocketSession browser;
    private final int bufferLimit;
    private final Queue<BinaryMessage> early = new ArrayDeque<>();
    private WebSocketSession host;
    private boolean closed;

    Relay(WebSocketSession browser, int maxMessageBytes) {
        this.bufferLimit = 4 * maxMessageBytes;
        this.browser = bounded(browser);
    }

    private WebSocketSession bounded(WebSocketSession session) {
        return new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, bufferLimit,
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    }

    synchronized void hostConnected(WebSocketSession hostSession) {
        if (closed) {
            closeQuietly(hostSession, CloseStatus.NORMAL);
            return;
        }
        host = bounded(hostSession);
        BinaryMessage message;
        while ((message = early.poll()) != null) {
            send(host, message);
        }
    }

    synchronized void hostFailed(String why) {
        log.warn("Cannot reach the host's display: {}", why);
        close(ErrorKind.UPSTREAM_FAILED);
    }

    synchronized void toHost(BinaryMessage message) {
        if (closed) {
            return;
        }
        if (host == null) {
            if (early.size() >= EARLY_MESSAGES) {
                close(ErrorKind.TOO_MANY_REQUESTS);
                return;
            }
            early.add(message);
            return;
        }
        send(host, message);
    }

    void toBrowser(WebSocketMessage<?> message) {
        send(browser, message);
    }

    /** The host ended the connection: the browser gets the same close code, or UPSTREAM_FAILED for a drop. */
    synchronized void hostClosed(CloseStatus status) {
        if (closed) {
            return;
        }
        closed = true;
        int code = status.getCode();
        boolean meaningful = code == CloseStatus.NORMAL.getCode() || (code >= 4000 && code < 5000);
        closeQuietly(browser, meaningful ? status
                : new CloseStatus(ErrorKind.UPSTREAM_FAILED.closeCode(), ErrorKind.UPSTREAM_FAILED.name()));
    }

    synchronized void browserClosed(CloseStatus status) {
        closed = true;
        early.clear();
        if (host != null) {
            closeQuietly(host, CloseStatus.NORMAL);
        }
    }

    synchronized void close(ErrorKind kind) {
        if (closed) {
            return;
        }
        closed = true;
        early.clear();
        CloseStatus status = new CloseStatus(kind.closeCode(), kind.name());
        closeQuietly(browser, status);
        if (host != null) {
            closeQuietly(host, CloseStatus.NORMAL);
        }
    }

    private void send(WebSocketSession to, WebSocketMessage<?> message) {
        try {
            to.sendMessage(message);
        } catch (IOException | IllegalStateException e) {
            // TERMINATE already closed the slow side; make sure the other follows.
            close(ErrorKind.UNAVAILABLE);
        }
    }

    private static void closeQuietly(WebSocketSession session, CloseStatus status) {
        try {
            if (session.isOpen()) {
                session.close(status);
            }
        } catch (IOException e) {
            log.debug("Closing a display connection failed", e);
        }
    }
}
