package dev.ventana.server.hosts;

/**
 * A packaging guest of one image version, making package {@code name} for {@code admin}
 * (docs/session-host.md, "Packaging"); {@code version} null: the image's newest on the host.
 */
public record PackagingRequest(String name, String image, String version, String admin, int memoryMiB, int vcpus) {
}
