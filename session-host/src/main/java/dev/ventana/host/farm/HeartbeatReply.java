package dev.ventana.host.farm;

import java.util.List;

/** The server's answer: the host's state as the server sees it, and the guests to end at once. */
record HeartbeatReply(String state, boolean draining, List<String> fence) {

    HeartbeatReply {
        fence = fence == null ? List.of() : fence;
    }
}
