package dev.ventana.server.hosts;

import java.util.List;

/** What the server answers a heartbeat: the guests the host must end at once (fencing), and the host's state. */
public record HeartbeatReply(String state, boolean draining, List<String> fence) {
}
