package dev.ventana.server.hosts;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Hands out the agent client of a host; every host of the farm shares the one farm token. */
@Component
public class HostAgents {
    private final String farmToken;

    HostAgents(@Value("${ventana.farm-token:}") String farmToken) {
        this.farmToken = farmToken;
    }

    public HostAgent of(Host host) {
        if (farmToken.isBlank()) {
            throw new VentanaException(ErrorKind.UNAVAILABLE,
                    "The server has no farm token (VENTANA_FARM_TOKEN), so it cannot talk to session hosts.");
        }
        return new HostAgent(host, farmToken);
    }
}
