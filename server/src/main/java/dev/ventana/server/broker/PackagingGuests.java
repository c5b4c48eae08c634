package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostAgent;
import dev.ventana.server.hosts.HostAgents;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.hosts.HostImage;
import dev.ventana.server.hosts.HostPackage;
import dev.ventana.server.hosts.PackagingRequest;
import dev.ventana.server.hosts.PackagingScan;
import dev.ventana.server.hosts.PackagingSeal;
import dev.ventana.server.hosts.SealedPackage;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.images.ImageVersionRef;
import dev.ventana.server.packages.PackageCatalogue;
import dev.ventana.server.packages.PackagedApplications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The admin's way to make an application package in the browser (docs/api.md, "Packaging"):
 * New package boots a packaging guest of an image version on a host that holds it, as a session
 * of the admin's that the viewer opens (as ImageMaintenance's Update does); the admin installs the
 * application in it, and Seal makes what the installation added a new version of the package,
 * registered at once; Discard throws the work away. One per package name, farm-wide: the work's
 * row is keyed by the name, and it outlives its session (a guest shut down from inside keeps its
 * work on the host until it is discarded).
 */
@Service
public class PackagingGuests {
    private static final Logger log = LoggerFactory.getLogger(PackagingGuests.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Placement placement;
    private final SessionStore sessions;
    private final SessionBroker broker;
    private final RootGuestVersions versions;
    private final PackageCatalogue packages;
    private final HostDirectory hosts;
    private final HostAgents agents;
    private final ApplicationEventPublisher events;

    PackagingGuests(JdbcClient jdbc, TransactionTemplate transactions, Placement placement, SessionStore sessions,
                    SessionBroker broker, RootGuestVersions versions, PackageCatalogue packages, HostDirectory hosts,
                    HostAgents agents, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.placement = placement;
        this.sessions = sessions;
        this.broker = broker;
        this.versions = versions;
        this.packages = packages;
        this.hosts = hosts;
        this.agents = agents;
        this.events = events;
    }

    /**
     * One package's packaging work: the image version its guest boots from, where it runs, its
     * session and that session's state, who started it and when.
     */
    public record Work(String name, String image, String version, String host, String guestId, UUID session,
                       String sessionState, String admin, Instant startedAt) {
    }

    /** What a seal made: the new package version, registered. */
    public record Sealed(String name, String version, String sha256, long sizeBytes, double sealSeconds) {
    }

    public List<Work> all() {
        return jdbc.sql(SELECT + " ORDER BY w.name").query(PackagingGuests::map).list();
    }

    public Optional<Work> of(String name) {
        return jdbc.sql(SELECT + " WHERE w.name = ?").param(name).query(PackagingGuests::map).optional();
    }

    /**
     * Starts packaging {@code name} in a guest of {@code image}'s {@code version} (null: its
     * newest), or finds the admin's own running one again. BAD_REQUEST for a bad name or no image;
     * CONFLICT while another admin's packaging of the name runs, or any waits to be discarded;
     * NOT_FOUND for an unknown image or version; UNAVAILABLE when no host that holds it has room.
     */
    public Work start(UserAccount admin, String name, String image, String version, Integer memoryMib) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "'" + name + "' is not a package name: 1 to 32 lower-case"
                    + " letters, digits and '-', starting with a letter.");
        }
        if (image == null || image.isBlank()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "image must name the image the package is made on.");
        }
        Optional<Work> existing = of(name);
        if (existing.isPresent()) {
            return again(admin, existing.get(), image, version);
        }
        RootGuestVersions.Chosen chosen = versions.choose(image, version, memoryMib, "to make a package on");
        ImageVersionRef from = chosen.version();
        int memory = chosen.memoryMib();
        UUID id = UUID.randomUUID();
        Host host;
        try {
            host = transactions.execute(tx -> {
                Host placed = placement.placePackaging(id, admin.id(), name, from.id(), memory, chosen.holders());
                jdbc.sql("INSERT INTO package_packaging (name, session_id, started_by) VALUES (?, ?, ?)")
                        .params(name, id, admin.username()).update();
                return placed;
            });
        } catch (DuplicateKeyException e) {
            // Two admins clicked New package with one name at once: the other one's work stands.
            return again(admin, of(name).orElseThrow(() -> e), image, version);
        }
        try {
            String guest = agents.of(host).startPackaging(new PackagingRequest(name, image, from.label(),
                    admin.username(), memory, 1)).id();
            sessions.placed(id, guest);
            log.info("Packaging of {} on {} version {} started by {} on host {} as guest {}", name, image, from.label(),
                    admin.username(), host.name(), guest);
        } catch (VentanaException e) {
            transactions.executeWithoutResult(tx -> {
                jdbc.sql("DELETE FROM package_packaging WHERE session_id = ?").param(id).update();
                sessions.ended(id, SessionState.FAILED, e.getMessage());
            });
            throw e;
        }
        events.publishEvent(new PackagingEvents.Started(admin.username(), name, image, from.label(), host.name(), id));
        return of(name).orElseThrow();
    }

    private Work again(UserAccount admin, Work work, String image, String version) {
        if (!SessionState.valueOf(work.sessionState()).live()) {
            throw new VentanaException(ErrorKind.CONFLICT, "The packaging guest of '" + work.name() + "' that "
                    + work.admin() + " started at " + work.startedAt() + " is shut down (" + work.sessionState()
                    + "). Discard it before packaging '" + work.name() + "' again.");
        }
        if (!work.admin().equals(admin.username())) {
            throw new VentanaException(ErrorKind.CONFLICT, "'" + work.name() + "' is being packaged by " + work.admin()
                    + " since " + work.startedAt() + ". One packaging guest per package: wait until it is sealed or"
                    + " discarded.");
        }
        if (!image.equals(work.image()) || version != null && !version.equals(work.version())) {
            throw new VentanaException(ErrorKind.CONFLICT, "You are packaging '" + work.name() + "' on " + work.image()
                    + " version " + work.version() + " already. One packaging guest per package: seal or discard it"
                    + " first.");
        }
        return work;
    }

    /** What the installation in the guest added to the menu so far: the seal's applications, to start from. */
    public PackagingScan scan(String name) {
        Work work = existing(name);
        return agentOf(work).scanPackaging(work.guestId());
    }

    /**
     * Seals the packaging guest's work as a new version of the package offering
     * {@code applications}, and registers it (source "packaging"); the work and its session end.
     * BAD_REQUEST for a bad title, note or application; the host's refusals in our words (a guest
     * that cannot seal: UPSTREAM_FAILED with its reason, the work kept).
     */
    public Sealed seal(UserAccount admin, String name, String title, String note,
                       List<PackagingSeal.Application> applications) {
        if (title == null || title.isBlank() || title.strip().length() > 100) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "title must name the new version in 1 to 100 characters.");
        }
        if (note != null && note.strip().length() > 1000) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "note must be at most 1000 characters.");
        }
        List<PackagingSeal.Application> checked = PackagedApplications.checkSealed(applications);
        List<HostImage.Application> offered = PackagedApplications.offered(checked);
        Work work = existing(name);
        String cleanNote = note == null ? "" : note.strip();
        SealedPackage sealed = agentOf(work).sealPackaging(work.guestId(), new PackagingSeal(title.strip(), cleanNote,
                admin.username(), checked));
        boolean wellFormed = sealed.version() != null && VERSION.matcher(sealed.version()).matches()
                && sealed.sha256() != null && SHA256.matcher(sealed.sha256()).matches()
                && sealed.sha256().startsWith(sealed.version());
        transactions.executeWithoutResult(tx -> {
            if (wellFormed) {
                packages.register(List.of(new HostPackage(name, sealed.version(), sealed.sha256(), title.strip(),
                        cleanNote, "packaging", admin.username(), Instant.now(),
                        new HostPackage.MadeFor(work.image(), work.version(), sealed.os()), offered, sealed.sizeBytes())));
            }
            finish(work, "Sealed as version " + sealed.version() + ".");
            events.publishEvent(new PackagingEvents.Sealed(admin.username(), name, sealed.version(), work.image(),
                    work.version(), title.strip(), sealed.sizeBytes(), sealed.sealSeconds()));
        });
        if (!wellFormed) {
            throw new VentanaException(ErrorKind.UPSTREAM_FAILED, "The session host " + work.host() + " sealed '" + name
                    + "' but named no well-formed version (" + sealed.version() + ", " + sealed.sha256()
                    + "); its next heartbeat lists what it made.");
        }
        log.info("Packaging of {} sealed by {} as version {} ({} bytes, {} s)", name, admin.username(), sealed.version(),
                sealed.sizeBytes(), sealed.sealSeconds());
        return new Sealed(name, sealed.version(), sealed.sha256(), sealed.sizeBytes(), sealed.sealSeconds());
    }

    /** Throws the package's packaging work away: its guest stops and its work goes. */
    public void discard(UserAccount admin, String name) {
        Work work = existing(name);
        if (work.guestId() != null) {
            try {
                agentOf(work).discardPackaging(work.guestId());
            } catch (VentanaException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        transactions.executeWithoutResult(tx -> {
            finish(work, "Discarded.");
            events.publishEvent(new PackagingEvents.Discarded(admin.username(), name, work.image(), work.version()));
        });
    }

    private Work existing(String name) {
        return of(name).orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND,
                "'" + name + "' has no packaging guest. Start one with New package."));
    }

    private HostAgent agentOf(Work work) {
        return agents.of(hosts.find(work.host()).orElseThrow());
    }

    /** Inside the caller's transaction. */
    private void finish(Work work, String why) {
        jdbc.sql("DELETE FROM package_packaging WHERE session_id = ?").param(work.session()).update();
        sessions.find(work.session()).ifPresent(s -> broker.end(s, SessionState.STOPPED, why));
    }

    private static final String SELECT = """
            SELECT w.name, i.name AS image, v.label, h.name AS host, s.guest_id, w.session_id, s.state, w.started_by,
                   w.started_at
              FROM package_packaging w JOIN sessions s ON s.id = w.session_id
                   JOIN image_versions v ON v.id = s.image_version_id JOIN images i ON i.id = v.image_id
                   JOIN hosts h ON h.id = s.host_id
            """;

    private static Work map(ResultSet rs, int row) throws SQLException {
        return new Work(rs.getString("name"), rs.getString("image"), rs.getString("label"), rs.getString("host"),
                rs.getString("guest_id"), rs.getObject("session_id", UUID.class), rs.getString("state"),
                rs.getString("started_by"), rs.getTimestamp("started_at").toInstant());
    }
}
