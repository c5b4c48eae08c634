package dev.ventana.server.hosts;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This server's farm endpoint as session hosts reach it ({@code http://server:8080/api/v1/farm}),
 * for hosts that fetch image versions from it: {@code ventana.server.farm-url} when set, else the
 * address the hosts' heartbeats arrive at (each host is told the server's URL, VENTANA_SERVER_URL);
 * none before the first heartbeat.
 */
@Component
public class FarmAddress {
    private final URI configured;
    private final AtomicReference<URI> learned = new AtomicReference<>();

    FarmAddress(@Value("${ventana.server.farm-url:}") String configured) {
        this.configured = configured.isBlank() ? null : URI.create(configured.strip().replaceAll("/+$", ""));
    }

    public Optional<URI> url() {
        return Optional.ofNullable(configured != null ? configured : learned.get());
    }

    /** The farm endpoint's URL a heartbeat came in at. */
    void heardAt(URI farmUrl) {
        learned.set(farmUrl);
    }
}
