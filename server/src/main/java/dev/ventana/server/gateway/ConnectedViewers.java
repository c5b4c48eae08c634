package dev.ventana.server.gateway;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The relays of this server by session, for what the server itself tells viewers (notices). */
@Component
class ConnectedViewers {
    private final Map<UUID, Set<Relay>> bySession = new ConcurrentHashMap<>();

    void add(UUID session, Relay relay) {
        bySession.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(relay);
    }

    void remove(UUID session, Relay relay) {
        bySession.computeIfPresent(session, (s, relays) -> {
            relays.remove(relay);
            return relays.isEmpty() ? null : relays;
        });
    }

    /** Whether any viewer is connected to this server. */
    boolean any() {
        return !bySession.isEmpty();
    }

    List<Relay> of(UUID session) {
        return List.copyOf(bySession.getOrDefault(session, Set.of()));
    }
}
