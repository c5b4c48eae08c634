package dev.ventana.server.hosts;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out the agent client of a host; every host of the farm shares the one farm token.
 * Clients are kept per host (the session watch calls every few seconds) and replaced when a
 * host registers at a new address.
 */
@Component
public class HostAgents {
    private final String farmToken;
    private final Map<Long, HostAgent> clients = new ConcurrentHashMap<>();

    HostAgents(@Value("${ventana.farm-token:}") String farmToken) {
        this.farmToken = farmToken;
    }

    public HostAgent of(Host host) {
        if (farmToken.isBlank()) {
            throw new VentanaException(ErrorKind.UNAVAILABLE,
                    "The server has no farm token (VENTANA_FARM_TOKEN), so it cannot talk to session hosts.");
        }
        return clients.compute(host.id(), (id, known) ->
                known != null && known.host().agentUrl().equals(host.agentUrl()) ? known : new HostAgent(host, farmToken));
    }
}
