package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostAgent;
import dev.ventana.server.hosts.HostAgents;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.hosts.MaintenanceRequest;
import dev.ventana.server.hosts.SealRequest;
import dev.ventana.server.hosts.SealedVersion;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.ImageVersionRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The admin's way to change a golden image in the browser (docs/api.md, "Maintenance"): Update
 * boots a maintenance guest of a version on a host that holds it, as a session of the admin's
 * that the viewer reaches like any other and that survives a closed tab; Seal turns its system
 * disk into a new, unpublished version; Discard throws the work away. One per image, farm-wide:
 * the work's row is keyed by the image, and it outlives its session (a guest shut down from
 * inside keeps its disk on the host until it is sealed or discarded).
 */
@Service
public class ImageMaintenance {
    private static final Logger log = LoggerFactory.getLogger(ImageMaintenance.class);
    /** The host reports a sealed version in its next heartbeat (every few seconds); seal waits this long for it. */
    private static final Duration REGISTERED_WITHIN = Duration.ofSeconds(20);
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Placement placement;
    private final SessionStore sessions;
    private final SessionBroker broker;
    private final ImageCatalogue images;
    private final RootGuestVersions versions;
    private final HostDirectory hosts;
    private final HostAgents agents;
    private final ApplicationEventPublisher events;

    ImageMaintenance(JdbcClient jdbc, TransactionTemplate transactions, Placement placement, SessionStore sessions,
                     SessionBroker broker, ImageCatalogue images, RootGuestVersions versions, HostDirectory hosts,
                     HostAgents agents, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.placement = placement;
        this.sessions = sessions;
        this.broker = broker;
        this.images = images;
        this.versions = versions;
        this.hosts = hosts;
        this.agents = agents;
        this.events = events;
    }

    /** One image's maintenance: the version it started from, where it runs, its session and that session's state. */
    public record Work(String image, String version, String host, String guestId, UUID session, String sessionState,
                       String startedBy, Instant startedAt) {
    }

    /** What a seal made: the new version (unpublished) and whether the farm lists it yet. */
    public record Sealed(String image, String version, String parent, long sizeBytes, double sealSeconds,
                         boolean registered) {
    }

    public List<Work> all() {
        return jdbc.sql(SELECT + " ORDER BY i.name").query(ImageMaintenance::map).list();
    }

    public Optional<Work> of(String image) {
        return jdbc.sql(SELECT + " WHERE i.name = ?").param(image).query(ImageMaintenance::map).optional();
    }

    /**
     * Starts the image's maintenance on {@code version} (null: its newest), or finds the admin's
     * own running one again. CONFLICT while another admin's runs or a stopped one waits for a seal
     * or discard; NOT_FOUND for an unknown image or version.
     */
    public Work start(UserAccount admin, String image, String version, Integer memoryMib) {
        Optional<Work> existing = of(image);
        if (existing.isPresent()) {
            return again(admin, existing.get(), version);
        }
        RootGuestVersions.Chosen chosen = versions.choose(image, version, memoryMib, "to update");
        ImageVersionRef from = chosen.version();
        int memory = chosen.memoryMib();
        UUID id = UUID.randomUUID();
        Host host;
        try {
            host = transactions.execute(tx -> {
                Host placed = placement.placeMaintenance(id, admin.id(), images.ensureImage(image), from.id(), memory,
                        chosen.holders());
                jdbc.sql("INSERT INTO image_maintenance (image_id, session_id, started_by) SELECT maintenance_of, id, ?"
                                + " FROM sessions WHERE id = ?")
                        .params(admin.username(), id).update();
                return placed;
            });
        } catch (DuplicateKeyException e) {
            // Two admins clicked Update at once: the other one's work stands.
            return again(admin, of(image).orElseThrow(() -> e), version);
        }
        HostAgent agent = agents.of(host);
        try {
            String guest = agent.startMaintenance(new MaintenanceRequest(image, from.label(), admin.username(), memory, 1)).id();
            sessions.placed(id, guest);
            log.info("Maintenance of {} version {} started by {} on host {} as guest {}", image, from.label(),
                    admin.username(), host.name(), guest);
        } catch (VentanaException e) {
            transactions.executeWithoutResult(tx -> {
                jdbc.sql("DELETE FROM image_maintenance WHERE session_id = ?").param(id).update();
                sessions.ended(id, SessionState.FAILED, e.getMessage());
            });
            throw e;
        }
        events.publishEvent(new MaintenanceEvents.Started(admin.username(), image, from.label(), host.name(), id));
        return of(image).orElseThrow();
    }

    private Work again(UserAccount admin, Work work, String version) {
        if (!SessionState.valueOf(work.sessionState()).live()) {
            throw new VentanaException(ErrorKind.CONFLICT, "The maintenance guest of '" + work.image() + "' that "
                    + work.startedBy() + " started at " + work.startedAt() + " is shut down (" + work.sessionState()
                    + "); its changes are kept. Seal them as a new version or discard them before updating again.");
        }
        if (!work.startedBy().equals(admin.username())) {
            throw new VentanaException(ErrorKind.CONFLICT, "'" + work.image() + "' is being updated by "
                    + work.startedBy() + " since " + work.startedAt()
                    + ". One maintenance guest per image: wait until it is sealed or discarded.");
        }
        if (version != null && !version.equals(work.version())) {
            throw new VentanaException(ErrorKind.CONFLICT, "You are updating '" + work.image() + "' from version "
                    + work.version() + " already. One maintenance guest per image: seal or discard it first.");
        }
        return work;
    }

    /**
     * Shuts the maintenance guest down and seals its system disk as a new version of the image,
     * named {@code title}; the work and its session end. CONFLICT (the work kept) when the guest
     * does not shut down.
     */
    public Sealed seal(UserAccount admin, String image, String title, String note) {
        if (title == null || title.isBlank() || title.length() > 200) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "title must name the new version in 1 to 200 characters.");
        }
        if (note != null && note.length() > 4000) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "note must be at most 4000 characters.");
        }
        Work work = existing(image);
        SealedVersion sealed = agentOf(work).seal(work.guestId(), new SealRequest(title.strip(),
                note == null ? "" : note.strip(), admin.username()));
        finish(work, "Sealed as version " + sealed.version() + ".");
        events.publishEvent(new MaintenanceEvents.Sealed(admin.username(), image, sealed.version(), sealed.parent(),
                title.strip(), sealed.sizeBytes(), sealed.sealSeconds()));
        log.info("Maintenance of {} sealed by {} as version {} ({} bytes of its own, {} s)", image, admin.username(),
                sealed.version(), sealed.sizeBytes(), sealed.sealSeconds());
        return new Sealed(image, sealed.version(), sealed.parent(), sealed.sizeBytes(), sealed.sealSeconds(),
                awaitRegistered(image, sealed.version()));
    }

    /** Throws the image's maintenance work away: its guest stops and its system disk goes. */
    public void discard(UserAccount admin, String image) {
        Work work = existing(image);
        if (work.guestId() != null) {
            try {
                agentOf(work).discard(work.guestId());
            } catch (VentanaException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        finish(work, "Discarded.");
        events.publishEvent(new MaintenanceEvents.Discarded(admin.username(), image, work.version()));
    }

    private Work existing(String image) {
        return of(image).orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND,
                "'" + image + "' has no maintenance guest. Update the image to start one."));
    }

    private HostAgent agentOf(Work work) {
        return agents.of(hosts.find(work.host()).orElseThrow());
    }

    private void finish(Work work, String why) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("DELETE FROM image_maintenance WHERE session_id = ?").param(work.session()).update();
            sessions.find(work.session()).ifPresent(s -> broker.end(s, SessionState.STOPPED, why));
        });
    }

    private boolean awaitRegistered(String image, String version) {
        long deadline = System.nanoTime() + REGISTERED_WITHIN.toNanos();
        while (images.version(image, version).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static final String SELECT = """
            SELECT i.name AS image, v.label, h.name AS host, s.guest_id, m.session_id, s.state, m.started_by, m.started_at
              FROM image_maintenance m JOIN images i ON i.id = m.image_id JOIN sessions s ON s.id = m.session_id
                   JOIN image_versions v ON v.id = s.image_version_id JOIN hosts h ON h.id = s.host_id
            """;

    private static Work map(ResultSet rs, int row) throws SQLException {
        return new Work(rs.getString("image"), rs.getString("label"), rs.getString("host"), rs.getString("guest_id"),
                rs.getObject("session_id", UUID.class), rs.getString("state"), rs.getString("started_by"),
                rs.getTimestamp("started_at").toInstant());
    }
}
