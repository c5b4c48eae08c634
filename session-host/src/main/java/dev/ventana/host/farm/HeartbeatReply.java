package dev.ventana.host.farm;

import java.util.List;

/**
 * The server's answer: the host's state as the server sees it, the guests to end at once, and the
 * warm templates to keep ready.
 */
record HeartbeatReply(String state, boolean draining, List<String> fence,
        List<dev.ventana.host.guest.TemplateRequest> templates) {

    HeartbeatReply {
        fence = fence == null ? List.of() : fence;
        templates = templates == null ? List.of() : templates;
    }
}
