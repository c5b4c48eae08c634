package dev.ventana.host.guest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One immutable golden image version, as read from its manifest. {@code sha256} is the
 * manifest's whole digest, which names the version across the farm; {@code id} is its start.
 * {@code applications} are those it publishes, empty for an image that offers only its desktop.
 * {@code sizeBytes} counts the files its manifest lists, which for a layer excludes its parent's.
 * {@code instantOn}: the manifest says the image's agent starts a session only when the host asks
 * (SESSION on the guest channel), so a booted guest can be saved as a template before any session.
 * {@code display}: its screen's devices ({@link ImageDisplay}).
 */
public record ImageVersion(String image, String id, Path dir, Path base, Path kernel, Path initrd, String cmdline,
        int screenWidth, int screenHeight, String sha256, List<Application> applications, Origin origin,
        long sizeBytes, boolean instantOn, ImageDisplay display) {

    public ImageVersion {
        applications = List.copyOf(applications);
        origin = origin == null ? Origin.UNKNOWN : origin;
        display = display == null ? ImageDisplay.VGA : display;
    }

    /** An image on standard VGA. */
    public ImageVersion(String image, String id, Path dir, Path base, Path kernel, Path initrd, String cmdline,
            int screenWidth, int screenHeight, String sha256, List<Application> applications, Origin origin,
            long sizeBytes, boolean instantOn) {
        this(image, id, dir, base, kernel, initrd, cmdline, screenWidth, screenHeight, sha256, applications, origin,
                sizeBytes, instantOn, ImageDisplay.VGA);
    }

    public Optional<Application> application(String appId) {
        return applications.stream().filter(a -> a.id().equals(appId)).findFirst();
    }

    /**
     * Where the version comes from, as its manifest says: {@code parent} is the 16-hex id of the
     * version it is layered on, {@code source} is built, maintenance or upload. Each is null when
     * the manifest leaves it out, as deploy/images does for all but the name of what it built.
     */
    public record Origin(String parent, String title, String note, String source, String createdBy,
                         Instant createdAt) {
        public static final Origin UNKNOWN = new Origin(null, null, null, null, null, null);
    }
}
