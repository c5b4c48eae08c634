package dev.ventana.server.hosts;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /api/v1/farm/heartbeat} (docs/api.md): a session host says who it is, what
 * it can take, what runs on it and the image versions and packages it holds. The first heartbeat of a name registers the host.
 */
public record Heartbeat(String name, String url, int cpus, long memoryTotalMib, long memoryFreeMib,
                        long capacityMib, double load, List<Guest> guests, List<HostImage> images, Launches launches,
                        List<HostPackage> packages) {

    public Heartbeat {
        guests = guests == null ? List.of() : List.copyOf(guests);
        images = images == null ? List.of() : List.copyOf(images);
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    /**
     * One guest of the host. {@code viewers} and {@code lastInputAt} come from its display
     * endpoint: the server's session policies (disconnect and idle timeouts) are built on them.
     * {@code memoryUsedMiB} is the proportional set size of its QEMU process, null where the host
     * could not read it: placement charges the guest that instead of its allotment.
     */
    public record Guest(String id, String user, String state, String reason, int memoryMiB, Instant createdAt,
                        int viewers, Instant lastInputAt, Integer memoryUsedMiB) {

        public boolean ended() {
            return "STOPPED".equals(state) || "FAILED".equals(state);
        }
    }

    /**
     * How the host's launches went since its process started: guests restored from a warm template,
     * cold-booted, and templates that failed to make or restore so that the guest was cold-booted
     * instead. Null from a host that does not count them.
     */
    public record Launches(long restored, long coldBoots, long fallbacks) {
    }
}
