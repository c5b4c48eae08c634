package dev.ventana.host.guest;

/**
 * A warm template the farm wants this host to keep (the server's heartbeat reply): the shape of
 * an instant-on pool's guests on its published version.
 */
public record TemplateRequest(String image, String version, int memoryMiB, int vcpus, GuestNetwork network,
        boolean pageSharing) {
}
