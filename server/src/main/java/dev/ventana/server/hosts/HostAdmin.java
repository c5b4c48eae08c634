package dev.ventana.server.hosts;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/** The farm's hosts as admins see and steer them, for the REST API and the console alike. */
@Service
public class HostAdmin {
    private final HostDirectory hosts;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;

    HostAdmin(HostDirectory hosts, ApplicationEventPublisher events, JsonMapper json) {
        this.hosts = hosts;
        this.events = events;
        this.json = json;
    }

    /** A host with the guests its last heartbeat reported (a JSON array, docs/api.md). */
    public record HostStatus(Host host, JsonNode guests) {
        public int guestCount() {
            return guests.size();
        }
    }

    /** Every host, by name. */
    public List<HostStatus> all() {
        return hosts.all().stream().map(this::status).toList();
    }

    /**
     * Drains the host (it takes no new sessions; the running ones go on) or undrains it;
     * NOT_FOUND for an unknown name.
     */
    public HostStatus setDraining(String actor, String name, boolean draining) {
        if (!hosts.drain(name, draining)) {
            throw new VentanaException(ErrorKind.NOT_FOUND, "No session host named '" + name + "'.");
        }
        events.publishEvent(new HostEvents.HostDraining(actor, name, draining));
        return status(hosts.find(name).orElseThrow());
    }

    private HostStatus status(Host h) {
        return new HostStatus(h, json.readTree(hosts.guestsJson(h.id())));
    }
}
