package dev.ventana.host.farm;

import java.time.Instant;
import java.util.List;

/** What the host reports to the server every few seconds (docs/api.md, "Farm"). */
record Heartbeat(String name, String url, int cpus, long memoryTotalMib, long memoryFreeMib, long capacityMib,
                 double load, List<Guest> guests, List<Image> images) {

    record Guest(String id, String user, String state, String reason, int memoryMiB, Instant createdAt, int viewers,
                 Instant lastInputAt) {
    }

    record Image(String image, String id, String sha256, String cmdline, int screenWidth, int screenHeight) {
    }
}
