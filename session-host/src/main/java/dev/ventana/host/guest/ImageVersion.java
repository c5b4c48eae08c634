package dev.ventana.host.guest;

import java.nio.file.Path;

/** One immutable golden image version, as read from its manifest. */
public record ImageVersion(String image, String id, Path dir, Path base, Path kernel, Path initrd, String cmdline,
        int screenWidth, int screenHeight) {
}
