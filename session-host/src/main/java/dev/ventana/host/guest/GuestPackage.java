package dev.ventana.host.guest;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One application package a guest gets (docs/session-host.md, "Application packages"): a version
 * of a package, attached read-only as a disk whose serial is {@code version}, so the guest finds
 * it without udev. {@code file} is the package's squashfs on this host, null until it is here (a
 * start request names only the package and version; a missing one is fetched by the boot).
 */
public record GuestPackage(String name, String version, Path file) {
    /** Names the guest mounts on /run/ventana/packages/&lt;name&gt;: no path, nothing odd in a shell. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /**
     * A virtio-blk disk per package, each a PCI device: the PC machine has slots for about this many
     * beside the guest's own devices, and SESSION's line stays within the channel's 1024 bytes.
     */
    public static final int MAX_PER_GUEST = 16;

    public GuestPackage {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new GuestException(GuestException.Reason.INVALID,
                    "a package's name must be a lower-case letter, then up to 31 lower-case letters, digits or '-'");
        }
        if (version == null || !version.matches("[0-9a-f]{16}")) {
            throw new GuestException(GuestException.Reason.INVALID, "package " + name + ": version must be 16 hex digits");
        }
    }

    /** The same package, found on this host at {@code at}. */
    GuestPackage at(Path at) {
        return new GuestPackage(name, version, at);
    }

    /** Checks a guest's list: at most {@link #MAX_PER_GUEST}, each name once (each has one mount point). */
    static List<GuestPackage> checked(List<GuestPackage> packages) {
        if (packages == null) {
            return List.of();
        }
        if (packages.size() > MAX_PER_GUEST) {
            throw new GuestException(GuestException.Reason.INVALID, "a guest may get at most " + MAX_PER_GUEST + " packages");
        }
        Set<String> names = new HashSet<>();
        for (GuestPackage p : packages) {
            if (p == null) {
                throw new GuestException(GuestException.Reason.INVALID, "packages must not contain null");
            }
            if (!names.add(p.name())) {
                throw new GuestException(GuestException.Reason.INVALID, "package " + p.name() + " is named twice");
            }
        }
        return List.copyOf(packages);
    }
}
