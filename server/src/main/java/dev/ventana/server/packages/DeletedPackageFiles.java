package dev.ventana.server.packages;

import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostAgents;
import dev.ventana.server.hosts.HostDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Frees a deleted package version's files on every UP host whose last heartbeat lists it (each
 * host's {@code DELETE /api/v1/packages/{name}/{id}}), as broker.DeletedVersionFiles does for image
 * versions: a host that is down or refuses keeps them, out of everyone's way.
 */
@Component
class DeletedPackageFiles {
    private static final Logger log = LoggerFactory.getLogger(DeletedPackageFiles.class);
    private final HostDirectory hosts;
    private final HostAgents agents;

    DeletedPackageFiles(HostDirectory hosts, HostAgents agents) {
        this.hosts = hosts;
        this.agents = agents;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(PackageEvents.VersionDeleted deleted) {
        for (Host host : hosts.holdingPackage(deleted.name(), deleted.version())) {
            try {
                agents.of(host).removePackage(deleted.name(), deleted.version());
                log.info("Package {} version {}: its files were removed from host {}", deleted.name(), deleted.version(),
                        host.name());
            } catch (VentanaException e) {
                log.warn("Package {} version {}: host {} kept its files: {}", deleted.name(), deleted.version(),
                        host.name(), e.getMessage());
            }
        }
    }
}
