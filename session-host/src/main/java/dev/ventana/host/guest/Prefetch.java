package dev.ventana.host.guest;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches image and package versions before any guest needs them, when the server asks
 * (docs/session-host.md, "Prefetch"): what a pool offers is then on every host before its users
 * log on, and no launch waits for a transfer. A boot that needs a version while it is being
 * prefetched waits for that same transfer (VersionFetch joins fetches of one version).
 *
 * <p>Threads: {@link #request} returns at once; the fetches run one after another on one thread
 * of their own, so that background transfers never compete with each other for the disk and the
 * network (a boot's own fetch does not queue behind them). At most {@link #QUEUE} versions wait;
 * a version asked for again while it waits or runs is not queued twice.
 */
public final class Prefetch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Prefetch.class);
    static final int QUEUE = 32;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    /** What is fetched: an image version or a package version, each from its own VersionFetch. */
    public enum Kind { IMAGE, PACKAGE }

    private final VersionFetch images;
    private final VersionFetch packages;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> Thread.ofPlatform().name("prefetch").daemon().unstarted(r));

    public Prefetch(VersionFetch images, VersionFetch packages) {
        this.images = images;
        this.packages = packages;
    }

    /** What {@link #request} did: nothing (the version is here), queued it, or found it queued or running. */
    public enum Outcome { PRESENT, QUEUED, UNDER_WAY }

    /**
     * Queues the fetch of {@code name}'s version {@code id} from {@code sources} (checked as a
     * start request's are). CONFLICT when {@link #QUEUE} versions wait already.
     */
    public Outcome request(Kind kind, String name, String id, List<URI> sources) {
        boolean named = name != null && (kind == Kind.IMAGE ? GuestSpec.NAME : GuestPackage.NAME).matcher(name).matches();
        if (!named || id == null || !ID.matcher(id).matches()) {
            throw new GuestException(GuestException.Reason.INVALID, "no " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " version " + name + "/" + id + ": a name and a 16-hex-digit version id are needed");
        }
        VersionFetch fetch = kind == Kind.IMAGE ? images : packages;
        List<URI> checked = GuestSpec.checkedSources(sources);
        if (checked.isEmpty()) {
            throw new GuestException(GuestException.Reason.INVALID, "sources must name at least one base URL to fetch from");
        }
        if (fetch.isPresent(name, id)) {
            return Outcome.PRESENT;
        }
        String key = kind + " " + name + "/" + id;
        if (!wanted.add(key)) {
            return Outcome.UNDER_WAY;
        }
        try {
            worker.execute(() -> run(fetch, key, name, id, checked));
        } catch (RejectedExecutionException e) {
            wanted.remove(key);
            throw new GuestException(GuestException.Reason.CONFLICT, QUEUE + " prefetches wait already on this host;"
                    + " ask again when some are done (its log shows their progress)");
        }
        return Outcome.QUEUED;
    }

    private void run(VersionFetch fetch, String key, String name, String id, List<URI> sources) {
        try {
            VersionFetch.Transfer t = fetch.fetch(name, id, sources);
            log.info("Prefetched {}: {} bytes received, {} linked from its parent", key, t.receivedBytes(), t.linkedBytes());
        } catch (GuestException e) {
            // The server asks again later, and a boot that needs it fetches it itself.
            log.warn("Prefetch of {} failed: {}", key, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wanted.remove(key);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
