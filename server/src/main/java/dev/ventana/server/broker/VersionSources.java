package dev.ventana.server.broker;

import dev.ventana.server.hosts.FarmAddress;
import dev.ventana.server.hosts.GuestRequest;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.images.ImageVersionRef;
import dev.ventana.server.images.StoredVersions;
import dev.ventana.server.packages.StoredPackages;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a host that lacks a version can fetch it (docs/session-host.md, "Fetching versions"):
 * every other UP host whose last heartbeat lists it, then this server when it holds the version;
 * the same for the session's application packages.
 * Hosts come first: they spread the load, and the server's copy is the last resort.
 */
@Component
class VersionSources {
    private final HostDirectory hosts;
    private final StoredVersions stored;
    private final FarmAddress farm;
    private final StoredPackages storedPackages;

    VersionSources(HostDirectory hosts, StoredVersions stored, FarmAddress farm, StoredPackages storedPackages) {
        this.hosts = hosts;
        this.stored = stored;
        this.farm = farm;
        this.storedPackages = storedPackages;
    }

    List<String> of(ImageVersionRef version, Host target) {
        return of(version, List.of(), target);
    }

    /**
     * One list for the version and the packages, as the host asks every source for what it lacks
     * (a source without it answers 404 and the host tries the next): the hosts that hold the
     * version, then those that hold a package, then this server if it holds any of them.
     */
    List<String> of(ImageVersionRef version, List<GuestRequest.PackageRef> packages, Host target) {
        List<Host> holders = new ArrayList<>(hosts.holding(version.image(), version.label()));
        packages.forEach(p -> holders.addAll(hosts.holdingPackage(p.name(), p.version())));
        return sources(holders, stored.directory(version.image(), version.label()).isPresent()
                || packages.stream().anyMatch(p -> storedPackages.directory(p.name(), p.version()).isPresent()), target);
    }

    /** Where {@code target} can fetch one package version: the other hosts that hold it, then this server if it does. */
    List<String> ofPackage(String name, String version, Host target) {
        return sources(hosts.holdingPackage(name, version), storedPackages.directory(name, version).isPresent(), target);
    }

    /** The agent APIs of {@code holders} but the target's, each once and in order, then this server when it holds it. */
    private List<String> sources(List<Host> holders, boolean serverHolds, Host target) {
        Set<String> sources = new LinkedHashSet<>();
        for (Host h : holders) {
            if (h.id() != target.id()) {
                sources.add(h.agentUrl().toString().replaceAll("/+$", "") + "/api/v1");
            }
        }
        if (serverHolds) {
            farm.url().ifPresent(u -> sources.add(u.toString()));
        }
        return List.copyOf(sources);
    }
}
