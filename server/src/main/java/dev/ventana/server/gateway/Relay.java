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
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One browser joined to one host connection. Every buffer is bounded: messages that arrive
 * before the host answers wait in a short queue, and each direction's send buffer is capped;
 * a peer that cannot keep up is disconnected rather than allowed to grow memory. A shadow's
 * relay passes on only the browser messages its {@link ViewerMode} lets through.
 */
class Relay {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    static final int SEND_TIME_LIMIT_MS = 10_000;
    static final int EARLY_MESSAGES = 64;
    /** How the host ends a viewer whose desktop was opened elsewhere. */
    static final CloseStatus TAKEN_OVER = new CloseStatus(CloseStatus.NORMAL.getCode(), "TAKEN_OVER");

    private final WebSocketSession browser;
    private final RelayTally tally;
    private final ViewerMode mode;
    private final DisplayRules rules;
    /** Bytes that may wait for a slow peer in each direction. */
    private final int bufferLimit;
    private final Queue<ByteBuffer> early = new ArrayDeque<>();
    private final InputFlood flood = new InputFlood();
    /** What the viewer hears before a TAKEN_OVER close (docs/protocol.md). */
    private final BinaryMessage takenOverNotice;
    private HostLink host;
    private boolean closed;

    Relay(WebSocketSession browser, int maxMessageBytes, BinaryMessage takenOverNotice, RelayTally tally,
          DisplayRules rules) {
        this.mode = rules.mode();
        this.rules = rules;
        this.takenOverNotice = takenOverNotice;
        this.tally = tally;
        this.bufferLimit = 4 * maxMessageBytes;
        this.browser = new ConcurrentWebSocketSessionDecorator(browser, SEND_TIME_LIMIT_MS, bufferLimit,
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    }

    ViewerMode mode() {
        return mode;
    }

    synchronized void hostConnected(WebSocket socket) {
        HostLink link = new HostLink(socket, bufferLimit);
        if (closed) {
            link.close(CloseStatus.NORMAL.getCode(), "");
            return;
        }
        host = link;
        ByteBuffer message;
        while ((message = early.poll()) != null) {
            if (!sendToHost(message)) {
                return;
            }
        }
    }

    /** The host cannot be reached or broke the protocol: the browser is told the upstream failed. */
    synchronized void hostFailed(String why) {
        log.warn("Closing a display relay, the host failed: {}", why);
        close(ErrorKind.UPSTREAM_FAILED);
    }

    synchronized void toHost(BinaryMessage message) {
        if (closed) {
            return;
        }
        // Counted on arrival, before the host's key pacing can slow its reading down (the HELLO
        // too: one message of the burst's 2000).
        if (!flood.admit(System.nanoTime())) {
            log.info("Closing a display relay: input flood");
            close(ErrorKind.TOO_MANY_REQUESTS);
            return;
        }
        // A copy: the container may reuse the message's buffer once this returns, and the host
        // link sends asynchronously.
        ByteBuffer payload = message.getPayload();
        if (!mode.passes(payload)) {
            return; // a shadow's key, pointer or wheel: read-only, whatever the host would do with it
        }
        ByteBuffer allowed = rules.toHost(payload);
        if (allowed == null) {
            return; // the pool does not let it through
        }
        ByteBuffer copy = ByteBuffer.allocate(allowed.remaining()).put(allowed.duplicate()).flip();
        tally.toHost(copy.remaining());
        if (host == null) {
            if (early.size() >= EARLY_MESSAGES) {
                close(ErrorKind.TOO_MANY_REQUESTS);
                return;
            }
            early.add(copy);
            return;
        }
        sendToHost(copy);
    }

    /** A message from the host: the session's notices are the server's, and the pool's rules apply. */
    void fromHost(byte[] message) {
        if ((message.length > 0 && message[0] == NoticeMessages.NOTICE) || !rules.toBrowser(message)) {
            return;
        }
        send(new BinaryMessage(message), true);
    }

    /** What the browser may do in this session, before anything else reaches it. */
    void greet() {
        toBrowser(new BinaryMessage(rules.settings()));
    }

    /** The gateway's own message (settings, a notice). */
    void toBrowser(WebSocketMessage<?> message) {
        send(message, false);
    }

    private void send(WebSocketMessage<?> message, boolean fromHost) {
        try {
            browser.sendMessage(message);
            tally.toBrowser(message.getPayloadLength(), fromHost);
        } catch (IOException | IllegalStateException e) {
            // TERMINATE already closed the slow browser; make sure the host follows.
            close(ErrorKind.UNAVAILABLE);
        }
    }

    /** The host ended the connection: the browser gets the same close code, or UPSTREAM_FAILED for a drop. */
    synchronized void hostClosed(CloseStatus status) {
        if (closed) {
            return;
        }
        closed = true;
        int code = status.getCode();
        if (code == TAKEN_OVER.getCode() && TAKEN_OVER.getReason().equals(status.getReason())) {
            toBrowser(takenOverNotice);
        }
        boolean meaningful = code == CloseStatus.NORMAL.getCode() || (code >= 4000 && code < 5000);
        closeQuietly(browser, meaningful ? status
                : new CloseStatus(ErrorKind.UPSTREAM_FAILED.closeCode(), ErrorKind.UPSTREAM_FAILED.name()));
    }

    synchronized void browserClosed(CloseStatus status) {
        closed = true;
        early.clear();
        if (host != null) {
            host.close(CloseStatus.NORMAL.getCode(), "");
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
            host.close(CloseStatus.NORMAL.getCode(), "");
        }
    }

    private boolean sendToHost(ByteBuffer message) {
        try {
            host.send(message);
            return true;
        } catch (IOException e) {
            log.warn("Closing a display relay: {}", e.getMessage());
            close(ErrorKind.UNAVAILABLE);
            return false;
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
