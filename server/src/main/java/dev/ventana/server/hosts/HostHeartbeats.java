package dev.ventana.server.hosts;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Takes the hosts' heartbeats: registers a host on its first, keeps its capacity and load,
 * hands its guests to the {@link GuestLedger}, and tells a host back from DOWN which guests to
 * end before it gets new work. The server's cost is one heartbeat per host every few seconds,
 * however many sessions run.
 */
@Service
public class HostHeartbeats {
    private static final Logger log = LoggerFactory.getLogger(HostHeartbeats.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
    private static final int MAX_GUESTS = 1000;
    private static final int MAX_PACKAGES = 10_000;
    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{16}");
    private final HostDirectory hosts;
    private final GuestLedger ledger;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final TemplateDemand templates;
    private final ReportedImages reportedImages;

    HostHeartbeats(HostDirectory hosts, GuestLedger ledger, ApplicationEventPublisher events, JsonMapper json,
                   TemplateDemand templates, ReportedImages reportedImages) {
        this.hosts = hosts;
        this.ledger = ledger;
        this.events = events;
        this.json = json;
        this.templates = templates;
        this.reportedImages = reportedImages;
    }

    @Transactional
    public HeartbeatReply receive(Heartbeat beat) {
        validate(beat);
        Optional<HostDirectory.Known> before = hosts.lock(beat.name());
        Host.HostState was = before.map(k -> k.host().state()).orElse(Host.HostState.UP);
        boolean imagesChanged = reportedImages.changed(beat.name(), before.map(HostDirectory.Known::imagesJson).orElse(null),
                beat.images());
        boolean packagesChanged = reportedImages.changed(beat.name() + "/packages",
                before.map(HostDirectory.Known::packagesJson).orElse(null), beat.packages());
        // Recorded as it was (DOWN stays DOWN) so that the ledger sees the host as it stands; the
        // images and packages columns are left alone while they are the same.
        Host host = hosts.record(beat, was, json.writeValueAsString(beat.guests()),
                imagesChanged ? json.writeValueAsString(beat.images()) : null,
                packagesChanged ? json.writeValueAsString(beat.packages()) : null);
        List<String> fence = ledger.reconcile(host, beat.guests());
        // Back from DOWN, a host takes no new sessions until a heartbeat shows its lost guests gone.
        Host.HostState now = was != Host.HostState.UP && !fence.isEmpty() ? Host.HostState.FENCING : Host.HostState.UP;
        if (now != was) {
            host = hosts.setState(host.id(), now);
        }
        if (before.isEmpty()) {
            log.info("Session host {} joined the farm at {}", beat.name(), beat.url());
            events.publishEvent(new HostEvents.HostJoined(beat.name(), beat.url()));
        } else if (!before.get().host().agentUrl().toString().equals(beat.url())) {
            log.info("Session host {} is now at {}", beat.name(), beat.url());
        }
        if (was == Host.HostState.DOWN) {
            log.warn("Session host {} is back; ending the guests of its lost sessions first: {}", beat.name(), fence);
            events.publishEvent(new HostEvents.HostBack(beat.name(), fence));
        }
        if (imagesChanged) {
            events.publishEvent(new HostEvents.ImagesReported(beat.name(), beat.images()));
        }
        if (packagesChanged) {
            events.publishEvent(new HostEvents.PackagesReported(beat.name(), beat.packages()));
        }
        // Only the versions it holds: a host fetches a version at its first launch there.
        List<TemplateWanted> wanted = templates.wanted().stream()
                .filter(t -> beat.images().stream().anyMatch(i -> i.image().equals(t.image()) && i.id().equals(t.version())))
                .toList();
        return new HeartbeatReply(host.state().name(), host.draining(), fence, wanted);
    }

    private static void validate(Heartbeat beat) {
        require(beat.name() != null && NAME.matcher(beat.name()).matches(),
                "name must be 1-63 lower-case letters, digits, '.' or '-'");
        URI url;
        try {
            url = beat.url() == null ? null : URI.create(beat.url());
        } catch (IllegalArgumentException e) {
            url = null;
        }
        require(url != null && url.getHost() != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme())),
                "url must be the http(s) address at which the server reaches this host");
        require(beat.cpus() > 0 && beat.memoryTotalMib() > 0 && beat.capacityMib() > 0 && beat.memoryFreeMib() >= 0
                && beat.load() >= 0, "cpus, memoryTotalMib and capacityMib must be positive; memoryFreeMib and load not negative");
        require(beat.guests().size() <= MAX_GUESTS, "at most " + MAX_GUESTS + " guests per heartbeat");
        require(beat.guests().stream().allMatch(g -> g.id() != null && g.state() != null && g.viewers() >= 0),
                "every guest needs an id and a state");
        require(beat.guests().stream().allMatch(g -> g.memoryUsedMiB() == null || g.memoryUsedMiB() >= 0),
                "a guest's memoryUsedMiB must not be negative");
        Heartbeat.Launches l = beat.launches();
        require(l == null || (l.restored() >= 0 && l.coldBoots() >= 0 && l.fallbacks() >= 0),
                "launches must not be negative");
        require(beat.packages().size() <= MAX_PACKAGES, "at most " + MAX_PACKAGES + " packages per heartbeat");
        require(beat.packages().stream().allMatch(p -> p.name() != null && PACKAGE.matcher(p.name()).matches()
                        && p.id() != null && VERSION.matcher(p.id()).matches() && p.sha256() != null
                        && p.sha256().startsWith(p.id()) && p.sha256().matches("[0-9a-f]{64}")),
                "every package needs a name, a 16-hex id and the sha256 it starts");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "Bad heartbeat: " + message + ".");
        }
    }
}
