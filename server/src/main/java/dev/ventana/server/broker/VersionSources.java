package dev.ventana.server.broker;

import dev.ventana.server.hosts.FarmAddress;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.images.ImageVersionRef;
import dev.ventana.server.images.StoredVersions;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a host that lacks a version can fetch it (docs/session-host.md, "Fetching versions"):
 * every other UP host whose last heartbeat lists it, then this server when it holds the version.
 * Hosts come first: they spread the load, and the server's copy is the last resort.
 */
@Component
class VersionSources {
    private final HostDirectory hosts;
    private final StoredVersions stored;
    private final FarmAddress farm;

    VersionSources(HostDirectory hosts, StoredVersions stored, FarmAddress farm) {
        this.hosts = hosts;
        this.stored = stored;
        this.farm = farm;
    }

    List<String> of(ImageVersionRef version, Host target) {
        List<String> sources = new ArrayList<>();
        for (Host h : hosts.holding(version.image(), version.label())) {
            if (h.id() != target.id()) {
                sources.add(h.agentUrl().toString().replaceAll("/+$", "") + "/api/v1");
            }
        }
        if (stored.directory(version.image(), version.label()).isPresent()) {
            farm.url().ifPresent(u -> sources.add(u.toString()));
        }
        return sources;
    }
}
