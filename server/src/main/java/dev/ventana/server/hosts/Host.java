package dev.ventana.server.hosts;

import java.net.URI;
import java.time.Instant;

/** A session host of the farm, as the server knows it. */
public record Host(long id, String name, URI agentUrl, HostState state, int cpuCores, long memoryMib,
                   Instant lastHeartbeatAt) {

    public enum HostState {
        ACTIVE, DRAINING, DOWN
    }
}
