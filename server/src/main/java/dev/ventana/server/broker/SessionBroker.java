package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.GuestRequest;
import dev.ventana.server.hosts.GuestStatus;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostAgent;
import dev.ventana.server.hosts.HostAgents;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.ImageVersionRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Launches, finds and ends desktop sessions. A user has at most one live session per pool:
 * launching again returns it, which is how closing the tab and coming back (from any device)
 * finds the session as it was left.
 */
@Service
public class SessionBroker {
    private static final Logger log = LoggerFactory.getLogger(SessionBroker.class);
    private final Pools pools;
    private final SessionStore sessions;
    private final ImageCatalogue images;
    private final HostDirectory hosts;
    private final HostAgents agents;
    private final ApplicationEventPublisher events;

    SessionBroker(Pools pools, SessionStore sessions, ImageCatalogue images, HostDirectory hosts, HostAgents agents,
                  ApplicationEventPublisher events) {
        this.pools = pools;
        this.sessions = sessions;
        this.images = images;
        this.hosts = hosts;
        this.agents = agents;
        this.events = events;
    }

    public List<Desktop> desktopsOf(UserAccount user) {
        return pools.launchableBy(user.id()).stream()
                .map(p -> new Desktop(p, sessions.liveFor(user.id(), p.id())))
                .toList();
    }

    /** The user's live session in the pool, or a new one placed on the least loaded host. */
    public DesktopSession launch(UserAccount user, String poolName) {
        Pool pool = pools.launchableBy(user.id()).stream().filter(p -> p.name().equals(poolName)).findFirst()
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "You have no desktop named '" + poolName + "'."));
        Optional<DesktopSession> live = sessions.liveFor(user.id(), pool.id());
        if (live.isPresent()) {
            return live.get();
        }
        if (!pool.published()) {
            throw new VentanaException(ErrorKind.UNAVAILABLE,
                    "The desktop '" + pool.displayName() + "' has no image version published yet; ask your administrator.");
        }
        ImageVersionRef version = images.version(pool.currentVersionId()).orElseThrow();
        Host host = hosts.acceptingNewSessions().stream().findFirst().orElseThrow(() -> new VentanaException(
                ErrorKind.UNAVAILABLE, "No session host is taking new desktops right now; try again in a few minutes."));
        DesktopSession placing;
        try {
            placing = sessions.insertPlacing(user.id(), pool.id(), version.id());
        } catch (DuplicateKeyException e) {
            // Launched twice at once (two tabs, two servers): both get the one session.
            return sessions.liveFor(user.id(), pool.id()).orElseThrow();
        }
        HostAgent agent = agents.of(host);
        try {
            GuestStatus guest = agent.start(new GuestRequest(user.username(), version.image(), version.label(),
                    pool.memoryMib(), pool.vcpus()));
            sessions.placed(placing.id(), host.id(), guest.id());
            log.info("Session {} of {} placed on host {} as guest {}", placing.id(), user.username(), host.name(), guest.id());
            events.publishEvent(new BrokerEvents.SessionLaunched(user.username(), placing.id(), pool.name(), host.name()));
        } catch (VentanaException e) {
            sessions.ended(placing.id(), SessionState.FAILED, e.getMessage());
            events.publishEvent(new BrokerEvents.SessionEnded("system", placing.id(), "FAILED", e.getMessage()));
            throw e;
        }
        return sessions.find(placing.id()).orElseThrow();
    }

    /** The session, if it is the user's own: another user's session is FORBIDDEN, an unknown one NOT_FOUND. */
    public DesktopSession ownSession(UserAccount user, UUID id) {
        DesktopSession session = sessions.find(id)
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "No session " + id + "."));
        if (session.userId() != user.id()) {
            throw new VentanaException(ErrorKind.FORBIDDEN, "That session belongs to someone else.");
        }
        return session;
    }

    public Optional<DesktopSession> find(UUID id) {
        return sessions.find(id);
    }

    /** Asks the session's host how its guest is doing and records what changed. */
    public DesktopSession refresh(DesktopSession session) {
        if (!session.state().live() || session.hostId() == null || session.guestId() == null) {
            return session;
        }
        Host host = hosts.find(session.hostId()).orElseThrow();
        Optional<GuestStatus> guest;
        try {
            guest = agents.of(host).inspect(session.guestId());
        } catch (VentanaException e) {
            // An unreachable host is not a dead guest: the host may come back and re-adopt it.
            log.warn("Cannot check session {} on host {}: {}", session.id(), host.name(), e.getMessage());
            return session;
        }
        if (guest.isEmpty()) {
            end(session, SessionState.FAILED, "The desktop's machine vanished from host " + host.name() + ".");
        } else if (guest.get().ended()) {
            SessionState state = "FAILED".equals(guest.get().state()) ? SessionState.FAILED : SessionState.STOPPED;
            end(session, state, guest.get().reason() == null ? "The desktop's machine stopped." : guest.get().reason());
        } else if (guest.get().running() && session.state() == SessionState.STARTING) {
            sessions.running(session.id());
        }
        return sessions.find(session.id()).orElseThrow();
    }

    /** Logs the session off: the guest shuts down and its overlay is discarded; the user's data disk stays. */
    public void endSession(UserAccount actor, UUID id) {
        DesktopSession session = actor.isAdmin() ? find(id).orElseThrow(
                () -> new VentanaException(ErrorKind.NOT_FOUND, "No session " + id + ".")) : ownSession(actor, id);
        if (!session.state().live()) {
            return;
        }
        if (session.hostId() != null && session.guestId() != null && sessions.stopping(session.id())) {
            agents.of(hosts.find(session.hostId()).orElseThrow()).stop(session.guestId());
            events.publishEvent(new BrokerEvents.SessionEnded(actor.username(), session.id(), "STOPPING", null));
        } else {
            end(session, SessionState.STOPPED, null);
        }
    }

    /** Every live session, checked against its host: notices crashed guests without a viewer. */
    public void refreshAll() {
        sessions.live().forEach(this::refresh);
    }

    /** The host endpoint that serves the session's screen; empty until the guest is placed. */
    public Optional<DisplayTarget> displayTarget(DesktopSession session) {
        if (session.hostId() == null || session.guestId() == null) {
            return Optional.empty();
        }
        HostAgent agent = agents.of(hosts.find(session.hostId()).orElseThrow());
        return Optional.of(new DisplayTarget(agent.displayUri(session.guestId()), agent.farmToken()));
    }

    public void seen(UUID id) {
        sessions.seen(id);
    }

    private void end(DesktopSession session, SessionState state, String reason) {
        if (sessions.ended(session.id(), state, reason)) {
            log.info("Session {} of {} ended: {} {}", session.id(), session.username(), state, reason == null ? "" : reason);
            events.publishEvent(new BrokerEvents.SessionEnded("system", session.id(), state.name(), reason));
        }
    }
}
