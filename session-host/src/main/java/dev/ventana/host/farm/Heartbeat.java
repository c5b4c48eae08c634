package dev.ventana.host.farm;

import dev.ventana.host.guest.Application;
import java.time.Instant;
import java.util.List;

/** What the host reports to the server every few seconds (docs/api.md, "Farm"). */
record Heartbeat(String name, String url, int cpus, long memoryTotalMib, long memoryFreeMib, long capacityMib,
                 double load, List<Guest> guests, List<Image> images) {

    record Guest(String id, String user, String state, String reason, int memoryMiB, Instant createdAt, int viewers,
                 Instant lastInputAt) {
    }

    /** {@code applications}: what the version publishes, as {@code [{"id","name","icon"}]}; empty for none. */
    record Image(String image, String id, String sha256, String cmdline, int screenWidth, int screenHeight,
                 List<Application> applications) {
    }
}
