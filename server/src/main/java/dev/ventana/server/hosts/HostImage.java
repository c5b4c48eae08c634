package dev.ventana.server.hosts;

/** A golden image version present on a host: {@code sha256} names it across the farm. */
public record HostImage(String image, String id, String sha256, String cmdline, int screenWidth, int screenHeight) {
}
