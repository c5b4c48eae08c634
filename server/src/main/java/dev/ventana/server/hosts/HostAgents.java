package dev.ventana.server.hosts;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out the agent client of a host; every host of the farm shares the one farm token.
 * Clients are kept per host and replaced when a host registers at a new address.
 */
@Component
public class HostAgents {
    private final FarmToken farmToken;
    private final Map<Long, HostAgent> clients = new ConcurrentHashMap<>();

    HostAgents(FarmToken farmToken) {
        this.farmToken = farmToken;
    }

    public HostAgent of(Host host) {
        String token = farmToken.value();
        return clients.compute(host.id(), (id, known) ->
                known != null && known.host().agentUrl().equals(host.agentUrl()) ? known : new HostAgent(host, token));
    }
}
