package dev.ventana.host.guest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One immutable golden image version, as read from its manifest. {@code sha256} is the
 * manifest's whole digest, which names the version across the farm; {@code id} is its start.
 * {@code applications} are those it publishes, empty for an image that offers only its desktop.
 */
public record ImageVersion(String image, String id, Path dir, Path base, Path kernel, Path initrd, String cmdline,
        int screenWidth, int screenHeight, String sha256, List<Application> applications) {

    public ImageVersion {
        applications = List.copyOf(applications);
    }

    public Optional<Application> application(String appId) {
        return applications.stream().filter(a -> a.id().equals(appId)).findFirst();
    }
}
