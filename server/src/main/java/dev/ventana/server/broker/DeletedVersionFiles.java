package dev.ventana.server.broker;

import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostAgents;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.images.ImageEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Frees a deleted version's files on every UP host whose last heartbeat lists it (each host's
 * {@code DELETE /api/v1/images/{image}/{id}}). A host that is down, or refuses because one of its
 * guests still runs the version, keeps the files; they are not in anyone's way, as the version
 * can no longer be published or launched.
 */
@Component
class DeletedVersionFiles {
    private static final Logger log = LoggerFactory.getLogger(DeletedVersionFiles.class);
    private final HostDirectory hosts;
    private final HostAgents agents;

    DeletedVersionFiles(HostDirectory hosts, HostAgents agents) {
        this.hosts = hosts;
        this.agents = agents;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(ImageEvents.VersionDeleted deleted) {
        for (Host host : hosts.holding(deleted.image(), deleted.version())) {
            try {
                agents.of(host).removeImage(deleted.image(), deleted.version());
                log.info("Image {} version {}: its files were removed from host {}", deleted.image(), deleted.version(),
                        host.name());
            } catch (VentanaException e) {
                log.warn("Image {} version {}: host {} kept its files: {}", deleted.image(), deleted.version(),
                        host.name(), e.getMessage());
            }
        }
    }
}
