package dev.ventana.server.hosts;

/** Asks a host to boot a guest for a user from one image version. */
public record GuestRequest(String user, String image, String version, int memoryMiB, int vcpus) {
}
