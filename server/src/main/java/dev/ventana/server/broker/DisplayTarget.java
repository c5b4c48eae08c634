package dev.ventana.server.broker;

import java.net.URI;

/**
 * Where the gateway connects to show a session: the host's display endpoint and the farm token it
 * takes; and what the session's pool lets its viewer do beyond pictures and input.
 */
public record DisplayTarget(URI uri, String farmToken, DisplayPolicy display) {
    @Override
    public String toString() {
        return "DisplayTarget[" + uri + "]";
    }
}
