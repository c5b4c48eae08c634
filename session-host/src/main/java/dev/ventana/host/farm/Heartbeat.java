package dev.ventana.host.farm;

import dev.ventana.host.guest.Application;
import dev.ventana.host.guest.ImageVersion;
import dev.ventana.host.guest.PackageVersion;
import java.time.Instant;
import java.util.List;

/** What the host reports to the server every few seconds (docs/api.md, "Farm"). */
record Heartbeat(String name, String url, int cpus, long memoryTotalMib, long memoryFreeMib, long capacityMib,
                 double load, List<Guest> guests, List<Image> images, LaunchCounts.Launches launches,
                 List<Package> packages) {

    /** {@code memoryUsedMiB}: the PSS of the guest's QEMU process (ProcessMemory), null where unknown. */
    record Guest(String id, String user, String state, String reason, int memoryMiB, Instant createdAt, int viewers,
                 Instant lastInputAt, Integer memoryUsedMiB) {
    }

    /**
     * {@code applications}: what the version publishes, as {@code [{"id","name","icon"}]}; empty for
     * none. {@code parent} to {@code createdAt} are the manifest's keys, null where it has none;
     * {@code sizeBytes} counts the version's own files. Names as the server's HostImage reads them.
     */
    record Image(String image, String id, String sha256, String cmdline, int screenWidth, int screenHeight,
                 List<Application> applications, String parent, String title, String note, String source,
                 String createdBy, Instant createdAt, long sizeBytes) {

        static Image of(ImageVersion v) {
            ImageVersion.Origin o = v.origin();
            return new Image(v.image(), v.id(), v.sha256(), v.cmdline(), v.screenWidth(), v.screenHeight(),
                    v.applications(), o.parent(), o.title(), o.note(), o.source(), o.createdBy(), o.createdAt(),
                    v.sizeBytes());
        }
    }

    /**
     * An application package version this host holds (docs/api.md, "Farm"): {@code madeFor} is the
     * image (and version and OS, where known) it was made on; {@code applications} as for images.
     */
    record Package(String name, String id, String sha256, String title, String note, String source, String createdBy,
                   Instant createdAt, PackageVersion.MadeFor madeFor, List<Application> applications, long sizeBytes) {

        static Package of(PackageVersion v) {
            ImageVersion.Origin o = v.origin();
            return new Package(v.name(), v.id(), v.sha256(), o.title(), o.note(), o.source(), o.createdBy(),
                    o.createdAt(), v.madeFor(), v.applications(), v.sizeBytes());
        }
    }
}
