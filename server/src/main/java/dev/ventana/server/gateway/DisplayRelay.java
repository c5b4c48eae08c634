package dev.ventana.server.gateway;

import dev.ventana.server.broker.DesktopSession;
import dev.ventana.server.broker.DisplayTarget;
import dev.ventana.server.broker.SessionBroker;
import dev.ventana.server.broker.SessionState;
import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /ws/display?ticket=...}: the browser's only way to a screen. The ticket is checked
 * before anything else happens; then binary messages are relayed unchanged, both ways, to the
 * host that runs the guest (docs/protocol.md). Refusals are close codes of the one vocabulary,
 * sent after the upgrade so that the viewer can tell them from a network drop. A shadow ticket
 * makes a read-only relay ({@link ViewerMode#SHADOW}), watched by {@link Shadows}.
 */
@Component
class DisplayRelay extends BinaryWebSocketHandler {
    static final int MAX_MESSAGE_BYTES = 1 << 20;
    /** How a connection to a session that ended normally is closed (docs/protocol.md). */
    static final CloseStatus SESSION_ENDED = new CloseStatus(CloseStatus.NORMAL.getCode(), "SESSION_ENDED");
    private static final Logger log = LoggerFactory.getLogger(DisplayRelay.class);
    private static final String RELAY = "ventana.relay";
    private static final String SESSION = "ventana.session";
    private static final String SHADOW_ADMIN = "ventana.shadow-admin";

    private final Tickets tickets;
    private final SessionBroker broker;
    private final HostDisplays hosts;
    private final ConnectedViewers viewers;
    private final NoticeDelivery notices;
    private final RelayMeter meter;
    private final Shadows shadows;

    DisplayRelay(Tickets tickets, SessionBroker broker, HostDisplays hosts, ConnectedViewers viewers,
                 NoticeDelivery notices, RelayMeter meter, Shadows shadows) {
        this.shadows = shadows;
        this.tickets = tickets;
        this.broker = broker;
        this.hosts = hosts;
        this.viewers = viewers;
        this.notices = notices;
        this.meter = meter;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession browser) throws IOException {
        try {
            open(browser);
        } catch (VentanaException e) {
            log.warn("Display connection refused: {}", e.getMessage());
            refuse(browser, e.kind());
        }
    }

    private void open(WebSocketSession browser) throws IOException {
        String ticket = browser.getUri() == null ? null
                : UriComponentsBuilder.fromUri(browser.getUri()).build().getQueryParams().getFirst("ticket");
        Optional<Tickets.Redeemed> redeemed = tickets.redeem(ticket);
        if (redeemed.isEmpty()) {
            refuse(browser, ErrorKind.UNAUTHORIZED);
            return;
        }
        Optional<DesktopSession> found = broker.find(redeemed.get().session());
        if (found.isEmpty()) {
            refuse(browser, ErrorKind.NOT_FOUND);
            return;
        }
        DesktopSession session = found.get();
        Tickets.Redeemed by = redeemed.get();
        // A ticket is bound to its user (the session's, or the admin's for a shadow): a different
        // signed-in user in this browser may not use it.
        if (browser.getPrincipal() != null && !browser.getPrincipal().getName().equals(by.username())) {
            refuse(browser, ErrorKind.FORBIDDEN);
            return;
        }
        if (!session.state().live()) {
            browser.close(SESSION_ENDED);
            return;
        }
        Optional<DisplayTarget> target = broker.displayTarget(session);
        if (session.state() != SessionState.RUNNING || target.isEmpty()) {
            refuse(browser, ErrorKind.UNAVAILABLE);
            return;
        }
        ViewerMode mode = by.shadow() ? ViewerMode.SHADOW : ViewerMode.USER;
        // A shadow is not the user coming back, nor the launch's first picture.
        boolean firstViewer = mode == ViewerMode.USER && broker.seen(session.id());
        Relay relay = new Relay(browser, MAX_MESSAGE_BYTES, notices.messages().takenOver(),
                new RelayTally(meter, firstViewer ? session.createdAt() : null), new DisplayRules(target.get().display(), mode));
        relay.greet();
        browser.getAttributes().put(RELAY, relay);
        browser.getAttributes().put(SESSION, session.id());
        // Shadows hear the session's notices too: the admin sees what the user is told.
        viewers.add(session.id(), relay);
        if (mode == ViewerMode.SHADOW) {
            browser.getAttributes().put(SHADOW_ADMIN, by.username());
            shadows.started(session.id(), by.username());
        } else {
            log.info("Viewer connected to session {} of {}", session.id(), session.username());
        }
        notices.greet(session.id(), relay);
        hosts.connect(target.get(), relay);
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession browser, BinaryMessage message) {
        Relay relay = (Relay) browser.getAttributes().get(RELAY);
        if (relay == null) {
            return;
        }
        if (message.getPayloadLength() > MAX_MESSAGE_BYTES) {
            relay.close(ErrorKind.TOO_LARGE);
            return;
        }
        relay.toHost(message);
    }

    @Override
    protected void handleTextMessage(WebSocketSession browser, TextMessage message) {
        // The protocol has no text messages.
        Relay relay = (Relay) browser.getAttributes().get(RELAY);
        if (relay != null) {
            relay.close(ErrorKind.BAD_REQUEST);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession browser, CloseStatus status) {
        Relay relay = (Relay) browser.getAttributes().remove(RELAY);
        if (relay != null) {
            UUID session = (UUID) browser.getAttributes().get(SESSION);
            viewers.remove(session, relay);
            relay.browserClosed(status);
            if (relay.mode() == ViewerMode.SHADOW) {
                shadows.ended(session, (String) browser.getAttributes().get(SHADOW_ADMIN));
            }
        }
    }

    private static void refuse(WebSocketSession browser, ErrorKind kind) throws IOException {
        browser.close(new CloseStatus(kind.closeCode(), kind.name()));
    }
}
