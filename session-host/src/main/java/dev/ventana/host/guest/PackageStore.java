package dev.ventana.host.guest;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The application packages a guest gets, brought onto this host: each verified from the catalogue,
 * or fetched by its hash from the start request's sources first ({@link VersionFetch}, kind
 * {@code packages}), as a missing image version is. Runs on the guest's boot thread.
 */
public final class PackageStore {
    private final PackageCatalog catalog;
    /** Null: only packages present on this host can be attached. */
    private final VersionFetch fetch;

    public PackageStore(PackageCatalog catalog, VersionFetch fetch) {
        this.catalog = catalog;
        this.fetch = fetch;
    }

    /** Whether every one of {@code wanted} is here already, so that nothing waits for a fetch. */
    boolean allPresent(List<GuestPackage> wanted) {
        return wanted.stream().allMatch(p -> catalog.isPresent(p.name(), p.version()));
    }

    /** The versions of {@code wanted}, all present here, each checked in full (see {@link #allPresent}). */
    List<PackageVersion> present(List<GuestPackage> wanted) {
        return wanted.stream().map(p -> catalog.resolve(p.name(), p.version())).toList();
    }

    /** The versions of {@code wanted}, fetching the missing ones; each checked in full. */
    List<PackageVersion> bring(List<GuestPackage> wanted, List<URI> sources) throws InterruptedException {
        for (GuestPackage p : wanted) {
            if (!catalog.isPresent(p.name(), p.version()) && fetch != null && !sources.isEmpty()) {
                fetch.fetch(p.name(), p.version(), sources);
            }
        }
        return present(wanted);
    }

    /** The one of {@code packages} that publishes application {@code id}, if one does. */
    static Optional<PackageVersion> publishing(List<PackageVersion> packages, String id) {
        return packages.stream().filter(p -> p.applications().stream().anyMatch(a -> a.id().equals(id))).findFirst();
    }
}
