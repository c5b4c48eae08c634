package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.Host;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.images.ImageCatalogue;
import dev.ventana.server.images.ImageVersionRef;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The image version an admin's root guest (a maintenance or a packaging guest) boots from, its
 * memory and the hosts it may run on: only those that hold the version, since such a guest boots
 * from the version's own files and never waits for a fetch.
 */
@Component
class RootGuestVersions {
    static final int DEFAULT_MEMORY_MIB = 1024;
    private final ImageCatalogue images;
    private final HostDirectory hosts;

    RootGuestVersions(ImageCatalogue images, HostDirectory hosts) {
        this.images = images;
        this.hosts = hosts;
    }

    /** A root guest's start: its version, its memory in MiB and the ids of the up hosts that hold the version. */
    record Chosen(ImageVersionRef version, int memoryMib, List<Long> holders) {
    }

    /**
     * {@code image}'s {@code version} (null: its newest) for a guest of {@code memoryMib} (null: the
     * default), {@code purpose} saying in errors what the guest is for ("to update"). NOT_FOUND for an
     * unknown or deleted version, BAD_REQUEST for a memory out of range, UNAVAILABLE when no up host holds it.
     */
    Chosen choose(String image, String version, Integer memoryMib, String purpose) {
        ImageVersionRef from = (version == null ? images.newest(image) : images.version(image, version))
                .filter(v -> !v.deleted())
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, version == null
                        ? "There is no image '" + image + "' with a version " + purpose + "."
                        : "Image '" + image + "' has no version " + version + "."));
        int memory = memoryMib == null ? DEFAULT_MEMORY_MIB : memoryMib;
        if (memory < 128 || memory > 65536) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "memoryMiB must be between 128 and 65536, not " + memory + ".");
        }
        List<Long> holders = hosts.holding(from.image(), from.label()).stream().map(Host::id).toList();
        if (holders.isEmpty()) {
            throw new VentanaException(ErrorKind.UNAVAILABLE, "No session host that is up holds version " + from.label()
                    + " of '" + image + "'. Start a host that has it, or choose a version the hosts hold.");
        }
        return new Chosen(from, memory, holders);
    }
}
