package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.ProtocolViolation;
import dev.ventana.host.display.source.ScreenSources;
import dev.ventana.host.display.source.ViewerRole;
import dev.ventana.host.errors.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * {@code /display/{guestId}}: one {@link DisplayConnection} per WebSocket. The farm token was
 * checked at the handshake ({@link FarmTokenHandshake}), which also said whether the viewer is
 * the user's or a shadow ({@code ?mode=shadow}). Outbound messages go through a
 * {@link ConcurrentWebSocketSessionDecorator} with a send-time and a buffer limit, so a viewer
 * that stops reading is dropped instead of piling up data; inbound messages are taken in parts
 * and refused with 4413 as soon as they pass 1 MiB.
 */
public final class DisplayWebSocketHandler extends AbstractWebSocketHandler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DisplayWebSocketHandler.class);

    /** A send blocked this long means the viewer (the gateway) stopped reading: it is dropped. */
    public static final Duration SEND_TIME_LIMIT = Duration.ofSeconds(10);
    /**
     * Bytes queued behind a send in progress. Every message (frames, pongs, the HELLO) is sent by
     * the connection's one pump task, so at most the message being sent (at most 1 MiB) is held.
     */
    public static final int SEND_BUFFER_LIMIT = 2 << 20;
    private static final String CONNECTION = "ventana.display.connection";
    private static final String ASSEMBLER = "ventana.display.assembler";
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final ScreenSources sources;
    private final ExecutorService pumps = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledThreadPoolExecutor timer;

    public DisplayWebSocketHandler(ScreenSources sources) {
        this.sources = sources;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "display-timer");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        limitBlockingSends(session);
        WebSocketSession out = new ConcurrentWebSocketSessionDecorator(session, (int) SEND_TIME_LIMIT.toMillis(),
                SEND_BUFFER_LIMIT, ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        String guestId = (String) session.getAttributes().getOrDefault(FarmTokenHandshake.GUEST_ID, "");
        ViewerRole role = (ViewerRole) session.getAttributes().getOrDefault(FarmTokenHandshake.ROLE, ViewerRole.USER);
        DisplayConnection connection = new DisplayConnection(guestId, role, new Outbound(out, session), pumps, timer,
                DisplayConnection.HELLO_TIMEOUT);
        session.getAttributes().put(CONNECTION, connection);
        session.getAttributes().put(ASSEMBLER, new MessageAssembler());
        connection.start(sources);
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        DisplayConnection connection = connection(session);
        if (connection == null || connection.isClosed()) {
            return;
        }
        ByteBuffer whole;
        try {
            whole = ((MessageAssembler) session.getAttributes().get(ASSEMBLER)).accept(message.getPayload(), message.isLast());
        } catch (ProtocolViolation v) {
            log.info("display: closing a viewer with {}: {}", v.kind(), v.getMessage());
            connection.close(Ending.of(v.kind()));
            return;
        }
        if (whole != null) {
            connection.receive(whole);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        DisplayConnection connection = connection(session);
        if (connection != null) {
            log.info("display: closing a viewer that sent a text message");
            connection.close(Ending.of(ErrorKind.BAD_REQUEST)); // the protocol never uses text frames
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("display: transport error: {}", exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        DisplayConnection connection = connection(session);
        if (connection != null) {
            connection.transportClosed();
        }
    }

    @Override
    public void close() {
        pumps.shutdownNow();
        timer.shutdownNow();
    }

    private static DisplayConnection connection(WebSocketSession session) {
        return (DisplayConnection) session.getAttributes().get(CONNECTION);
    }

    /** Tomcat's own limit on one blocking write (20 s by default): ours is shorter. */
    private static void limitBlockingSends(WebSocketSession session) {
        if (session instanceof NativeWebSocketSession nativeSession) {
            jakarta.websocket.Session s = nativeSession.getNativeSession(jakarta.websocket.Session.class);
            if (s != null) {
                s.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, SEND_TIME_LIMIT.toMillis());
            }
        }
    }

    /**
     * Sends through the decorator (its limits), closes the session itself: after a limit was
     * exceeded the decorator would replace our close code with its own 4500.
     */
    private record Outbound(WebSocketSession limited, WebSocketSession session) implements DisplayConnection.Outbound {
        @Override
        public void send(byte[] message) throws IOException {
            limited.sendMessage(new BinaryMessage(message));
        }

        @Override
        public void close(Ending ending) {
            try {
                session.close(new CloseStatus(ending.code(), ending.reason()));
            } catch (IOException | RuntimeException e) {
                log.debug("display: closing a viewer failed: {}", e.toString());
            }
        }
    }
}
