package dev.ventana.server.hosts;

/** A maintenance guest of one image version, for {@code admin} (docs/session-host.md, "Maintenance"). */
public record MaintenanceRequest(String image, String version, String admin, int memoryMiB, int vcpus) {
}
