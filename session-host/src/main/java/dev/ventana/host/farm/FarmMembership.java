package dev.ventana.host.farm;

import dev.ventana.host.display.source.GuestActivity;
import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.ImageCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The host's membership of the farm: a heartbeat every interval, and at once when a guest
 * changes state (so that a started desktop opens without waiting for the next beat). The
 * server's reply names guests to fence; they are killed before the next heartbeat goes out, and
 * the server gives the host no new work until a heartbeat shows them gone.
 *
 * <p>One thread sends; guest listeners only release a permit. A server that cannot be reached is
 * logged once per outage, not once per beat: the host and its guests carry on meanwhile.
 */
public final class FarmMembership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FarmMembership.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private final URI endpoint;
    private final String farmToken;
    private final Identity identity;
    private final GuestEngine engine;
    private final ImageCatalog images;
    private final java.util.function.Supplier<List<dev.ventana.host.guest.PackageVersion>> packages;
    private final Function<String, GuestActivity> activity;
    private final Machine machine;
    private final RecentMemory memory = new RecentMemory(new ProcessMemory(), Clock.systemUTC());
    private final LaunchCounts launches;
    private final ObjectMapper json;
    private final Duration interval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread = Thread.ofPlatform().daemon().name("farm-heartbeat").unstarted(this::run);
    private volatile boolean closed;
    private Instant outageSince;
    private boolean joined;

    /** Who this host is in the farm. {@code capacityMib} 0 means the machine's memory. */
    public record Identity(String name, URI url, long capacityMib) {
    }

    public FarmMembership(URI serverUrl, String farmToken, Identity identity, GuestEngine engine, ImageCatalog images,
                          java.util.function.Supplier<List<dev.ventana.host.guest.PackageVersion>> packages,
                          Function<String, GuestActivity> activity, LaunchCounts launches, ObjectMapper json,
                          Duration interval) {
        this.endpoint = serverUrl.resolve("/api/v1/farm/heartbeat");
        this.farmToken = farmToken;
        this.identity = identity;
        this.engine = engine;
        this.images = images;
        this.packages = packages;
        this.activity = activity;
        this.launches = launches;
        this.machine = new Machine();
        this.json = json;
        this.interval = interval;
    }

    public void start() {
        engine.subscribe(info -> wake.release());
        thread.start();
    }

    private void run() {
        while (!closed) {
            beat();
            try {
                if (wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits(); // a burst of state changes is one early heartbeat
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends the next heartbeat now (news the server should not wait for), without waiting for it. */
    public void beatSoon() {
        wake.release();
    }

    /** Sends one heartbeat and fences what the reply names; never throws. */
    void beat() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + farmToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(heartbeat())))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                trouble("the server refused the heartbeat (" + response.statusCode() + "): " + response.body());
                return;
            }
            reachable();
            HeartbeatReply reply = json.readValue(response.body(), HeartbeatReply.class);
            fence(reply.fence());
            engine.prepareTemplates(reply.templates());
        } catch (IOException e) {
            trouble("cannot reach the server at " + endpoint + " (" + (e.getMessage() == null ? e : e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } catch (RuntimeException e) {
            trouble("the heartbeat failed: " + e);
        }
    }

    Heartbeat heartbeat() {
        long total = machine.memoryTotalMib();
        List<GuestInfo> all = engine.list();
        List<Heartbeat.Guest> guests = all.stream().map(this::report).toList();
        memory.retain(all.stream().filter(g -> !g.state().isFinal()).map(GuestInfo::pid).collect(Collectors.toSet()));
        List<Heartbeat.Image> versions = images.list().stream().map(Heartbeat.Image::of).toList();
        return new Heartbeat(identity.name(), identity.url().toString(), machine.cpus(), total, machine.memoryFreeMib(),
                identity.capacityMib() > 0 ? identity.capacityMib() : total, machine.load(), guests, versions,
                launches.launches(), packages.get().stream().map(Heartbeat.Package::of).toList());
    }

    private Heartbeat.Guest report(GuestInfo g) {
        GuestActivity a = activity.apply(g.id());
        // An ended guest's pid names no process of its own any more, or another's.
        Integer used = g.state().isFinal() ? null : memory.pssMib(g.pid(), g.createdAt());
        return new Heartbeat.Guest(g.id(), g.user(), g.state().name(), g.reason(), g.memoryMiB(), g.createdAt(),
                a.viewers(), a.lastInputAt(), used);
    }

    /** All at once: each kill waits for its QEMU to exit, and the server waits for all of them. */
    private void fence(List<String> guests) throws InterruptedException {
        List<Thread> kills = guests.stream().map(id -> Thread.ofVirtual().name("fence-" + id).start(() -> {
            log.warn("fencing guest {}: the server declared its session lost while this host was away", id);
            try {
                engine.kill(id, "fenced: the server declared the session lost while its host was away");
            } catch (GuestException e) {
                log.warn("fencing guest {}: {}", id, e.getMessage());
            }
        })).toList();
        for (Thread kill : kills) {
            kill.join();
        }
        if (!guests.isEmpty()) {
            wake.release(); // show the server at once that they are gone
        }
    }

    private synchronized void trouble(String what) {
        if (outageSince == null) {
            outageSince = Instant.now();
            log.warn("farm: {}; the guests run on, retrying every {} s", what, interval.toSeconds());
        }
    }

    private synchronized void reachable() {
        if (outageSince != null) {
            log.info("farm: the server answers again after {} s", Duration.between(outageSince, Instant.now()).toSeconds());
        } else if (!joined) {
            log.info("farm: joined the farm at {} as {} ({})", endpoint.resolve("/"), identity.name(), identity.url());
        }
        joined = true;
        outageSince = null;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
