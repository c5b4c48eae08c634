package dev.ventana.server.hosts;

import java.net.URI;
import java.time.Instant;

/**
 * A session host of the farm, as its last heartbeat left it.
 *
 * @param capacityMib memory the server may give to guests here: the machine's, or the host's own setting
 * @param launches how its launches went since the host's process started; null when it does not say
 */
public record Host(long id, String name, URI agentUrl, HostState state, boolean draining, int cpuCores,
                   long memoryMib, long capacityMib, long memoryFreeMib, double load, Instant lastHeartbeatAt,
                   Heartbeat.Launches launches) {

    /** UP reports in time; DOWN missed its heartbeats; FENCING is back from DOWN, ending its lost sessions' guests. */
    public enum HostState {
        UP, FENCING, DOWN
    }

    /** As admins see it: UP, FENCING, DOWN, or DRAINING for an up host that takes no new sessions. */
    public String shownState() {
        return state == HostState.UP && draining ? "DRAINING" : state.name();
    }
}
