package dev.ventana.host.guest;

import java.nio.file.Path;

/**
 * One immutable golden image version, as read from its manifest. {@code sha256} is the
 * manifest's whole digest, which names the version across the farm; {@code id} is its start.
 */
public record ImageVersion(String image, String id, Path dir, Path base, Path kernel, Path initrd, String cmdline,
        int screenWidth, int screenHeight, String sha256) {
}
