package dev.ventana.server.hosts;

/**
 * Asks a host to boot a guest for a user from one image version (docs/session-host.md).
 *
 * @param application the id of the one application to run alone, or null for the whole desktop
 * @param network NONE or NAT
 * @param dataDisk WRITABLE, or READ_ONLY when another live session of the user writes the disk
 */
public record GuestRequest(String user, String image, String version, int memoryMiB, int vcpus, String application,
                           String network, String dataDisk) {
}
