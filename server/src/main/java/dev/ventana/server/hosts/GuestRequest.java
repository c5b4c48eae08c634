package dev.ventana.server.hosts;

import java.util.List;

/**
 * Asks a host to boot a guest for a user from one image version (docs/session-host.md).
 *
 * @param application the id of the one application to run alone, or null for the whole desktop
 * @param network NONE or NAT
 * @param dataDisk WRITABLE, or READ_ONLY when another live session of the user writes the disk
 * @param sources base URLs the host fetches the version from when it lacks it: other hosts' agent
 *     APIs ({@code http://host:port/api/v1}) and the server's farm endpoint; may be empty
 * @param instantOn restore the guest from the version's warm template; the host cold-boots where it has none
 * @param pageSharing let the restored clone share the template's memory pages (the pool's choice of density
 *     over isolation between users' sessions)
 * @param packages the application packages the guest gets, in the pool's order; {@code sources} serve them too
 *     ({@code <source>/packages/<name>/<id>/...})
 */
public record GuestRequest(String user, String image, String version, int memoryMiB, int vcpus, String application,
                           String network, String dataDisk, List<String> sources, boolean instantOn,
                           boolean pageSharing, List<PackageRef> packages) {

    public GuestRequest {
        sources = sources == null ? List.of() : List.copyOf(sources);
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    /** One package version by name and 16-hex id, as sessions.packages and the host's API hold it. */
    public record PackageRef(String name, String version) {
    }
}
