package dev.ventana.server.hosts;

/**
 * A warm template a host should keep (docs/session-host.md, "Instant-on"): the shape of an
 * instant-on pool's guests on its published version. {@code version} is the 16-hex id.
 */
public record TemplateWanted(String image, String version, int memoryMiB, int vcpus, String network,
                             boolean pageSharing) {
}
