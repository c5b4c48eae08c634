package dev.ventana.server.broker;

import java.net.URI;

/** Where the gateway connects to show a session: the host's display endpoint and the farm token it takes. */
public record DisplayTarget(URI uri, String farmToken) {
    @Override
    public String toString() {
        return "DisplayTarget[" + uri + "]";
    }
}
