package dev.ventana.server.hosts;

import java.util.List;

/**
 * What the server answers a heartbeat: the guests the host must end at once (fencing), the host's
 * state, and the warm templates it should have ready (instant-on pools' published versions it holds).
 */
public record HeartbeatReply(String state, boolean draining, List<String> fence, List<TemplateWanted> templates) {
}
