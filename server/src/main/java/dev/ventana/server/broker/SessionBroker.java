package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.GuestRequest;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostAgent;
import dev.ventana.server.hosts.HostAgents;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.hosts.StartedGuest;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.ImageVersionRef;
import dev.ventana.server.notices.Notice;
import dev.ventana.server.notices.NoticeKind;
import dev.ventana.server.notices.SessionNotices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    /** How many hosts one launch tries when a chosen host cannot be reached. */
    private static final int HOSTS_TRIED = 3;
    static final String READ_ONLY_FILES = "Your files are read-only here: another of your sessions has them open."
            + " Save your work there; to change files here, log that session off and open this one again.";
    private final Pools pools;
    private final SessionStore sessions;
    private final ImageCatalogue images;
    private final HostDirectory hosts;
    private final HostAgents agents;
    private final Placement placement;
    private final SessionNotices notices;
    private final ApplicationEventPublisher events;
    private final VersionSources sources;
    private final PoolPackages poolPackages;
    private final JsonMapper json;

    SessionBroker(Pools pools, SessionStore sessions, ImageCatalogue images, HostDirectory hosts, HostAgents agents,
                  Placement placement, SessionNotices notices, ApplicationEventPublisher events,
                  VersionSources sources, PoolPackages poolPackages, JsonMapper json) {
        this.sources = sources;
        this.poolPackages = poolPackages;
        this.json = json;
        this.notices = notices;
        this.pools = pools;
        this.sessions = sessions;
        this.images = images;
        this.hosts = hosts;
        this.agents = agents;
        this.placement = placement;
        this.events = events;
    }

    public List<Desktop> desktopsOf(UserAccount user) {
        return pools.launchableBy(user.id()).stream()
                .map(p -> new Desktop(p, sessions.liveFor(user.id(), p.id())))
                .toList();
    }

    /** The user's live session in the pool, or a new one on the host with the most room (see Placement). */
    public DesktopSession launch(UserAccount user, String poolName) {
        // One answer for a pool that does not exist and one the user may not launch: names are not disclosed.
        Pool pool = pools.launchableBy(user.id()).stream().filter(p -> p.name().equals(poolName)).findFirst()
                .orElseThrow(() -> new VentanaException(ErrorKind.FORBIDDEN, "You may not launch '" + poolName
                        + "': it is not one of your desktops or applications. Ask your administrator for it."));
        Optional<DesktopSession> live = sessions.liveFor(user.id(), pool.id());
        if (live.isPresent()) {
            return live.get();
        }
        if (!pool.published()) {
            throw new VentanaException(ErrorKind.UNAVAILABLE,
                    "The desktop '" + pool.displayName() + "' has no image version published yet; ask your administrator.");
        }
        ImageVersionRef version = images.version(pool.currentVersionId()).orElseThrow();
        List<GuestRequest.PackageRef> packages = poolPackages.of(pool.id());
        Set<Long> refused = new HashSet<>();
        VentanaException failure = null;
        while (refused.size() < HOSTS_TRIED) {
            UUID id = UUID.randomUUID();
            Placement.Placed placed;
            try {
                placed = placement.place(id, user.id(), pool, version.id(), json.writeValueAsString(packages), refused);
            } catch (DuplicateKeyException e) {
                // Launched twice at once (two tabs, two servers): both get the one session.
                return sessions.liveFor(user.id(), pool.id()).orElseThrow();
            } catch (VentanaException noRoom) {
                events.publishEvent(new LaunchFailed(user.username(), pool.name(), failure == null, noRoom.getMessage()));
                throw failure == null ? noRoom : failure;
            }
            Host host = placed.host();
            try {
                return start(user, pool, version, packages, id, placed);
            } catch (VentanaException e) {
                sessions.ended(id, SessionState.FAILED, e.getMessage());
                events.publishEvent(new BrokerEvents.SessionEnded("system", id, "FAILED", e.getMessage()));
                if (e.kind() != ErrorKind.UPSTREAM_FAILED) {
                    events.publishEvent(new LaunchFailed(user.username(), pool.name(), false, e.getMessage()));
                    throw e;
                }
                // A host that died since its last heartbeat: the next one with room gets the session.
                log.warn("Host {} did not take session {} ({}); trying another host", host.name(), id, e.getMessage());
                refused.add(host.id());
                failure = e;
            }
        }
        events.publishEvent(new LaunchFailed(user.username(), pool.name(), false, failure.getMessage()));
        throw failure;
    }

    private DesktopSession start(UserAccount user, Pool pool, ImageVersionRef version,
                                 List<GuestRequest.PackageRef> packages, UUID id, Placement.Placed placed) {
        Host host = placed.host();
        PoolSettings s = pool.settings();
        StartedGuest guest = agents.of(host).start(new GuestRequest(user.username(), version.image(), version.label(),
                s.memoryMib(), s.vcpus(), s.application(), s.network().name(), placed.dataDisk().name(),
                sources.of(version, packages, host), s.instantOn(), s.pageSharing(), packages));
        sessions.placed(id, guest.id());
        if (placed.dataDisk() == DataDisk.READ_ONLY) {
            notices.post(id, "read-only-files", NoticeKind.READ_ONLY_FILES, Notice.Level.info, READ_ONLY_FILES, null,
                    List.of());
        }
        log.info("Session {} of {} placed on host {} as guest {}", id, user.username(), host.name(), guest.id());
        events.publishEvent(new BrokerEvents.SessionLaunched(user.username(), id, pool.name(), host.name()));
        return sessions.find(id).orElseThrow();
    }

    /**
     * The session, if it is the user's own. Another user's session gets the very answer of an
     * unknown one (NOT_FOUND, the same detail), so that nobody learns from an id which sessions
     * exist, as launching does not disclose pool names.
     */
    public DesktopSession ownSession(UserAccount user, UUID id) {
        return sessions.find(id).filter(s -> s.userId() == user.id())
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "No session " + id + "."));
    }

    public Optional<DesktopSession> find(UUID id) {
        return sessions.find(id);
    }

    /** Logs the session off: the guest shuts down and its overlay is discarded; the user's data disk stays. */
    public void endSession(UserAccount actor, UUID id) {
        DesktopSession session = actor.isAdmin() ? find(id).orElseThrow(
                () -> new VentanaException(ErrorKind.NOT_FOUND, "No session " + id + ".")) : ownSession(actor, id);
        logOff(session, actor.username(), null);
    }

    /** Asks the host for an orderly stop; its heartbeat then reports the guest STOPPED, which ends the session. */
    void logOff(DesktopSession session, String actor, String why) {
        if (!session.state().live()) {
            return;
        }
        if (session.hostId() != null && session.guestId() != null && sessions.stopping(session.id())) {
            events.publishEvent(new BrokerEvents.SessionEnded(actor, session.id(), "STOPPING", why));
            agents.of(hosts.find(session.hostId()).orElseThrow()).stop(session.guestId());
        } else {
            end(session, SessionState.STOPPED, why, actor);
        }
    }

    /** The host endpoint that serves the session's screen; empty until the guest is placed. */
    public Optional<DisplayTarget> displayTarget(DesktopSession session) {
        if (session.hostId() == null || session.guestId() == null) {
            return Optional.empty();
        }
        HostAgent agent = agents.of(hosts.find(session.hostId()).orElseThrow());
        // As the pool says now: a viewer that connects after an admin changed it gets the new rules.
        DisplayPolicy display = pools.find(session.poolId()).map(p -> p.settings().display()).orElse(DisplayPolicy.DEFAULT);
        return Optional.of(new DisplayTarget(agent.displayUri(session.guestId()), agent.farmToken(), display));
    }

    /** A viewer connected; true for the session's first viewer ever (on any server). */
    public boolean seen(UUID id) {
        return sessions.seen(id);
    }

    /** Ends the session as the host or a policy saw it end; false if it had already ended. */
    boolean end(DesktopSession session, SessionState state, String reason) {
        return end(session, state, reason, "system");
    }

    private boolean end(DesktopSession session, SessionState state, String reason, String actor) {
        if (!sessions.ended(session.id(), state, reason)) {
            return false;
        }
        log.info("Session {} of {} ended: {} {}", session.id(), session.username(), state, reason == null ? "" : reason);
        events.publishEvent(new BrokerEvents.SessionEnded(actor, session.id(), state.name(), reason));
        return true;
    }
}
