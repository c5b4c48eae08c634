package dev.ventana.host.guest;

import java.time.Instant;

/**
 * What the host writes into a guest's run directory before QEMU starts, so that a restarted
 * host can re-adopt the guest knowing what it was. A record written before a field existed
 * reads it as null: {@link #networkOrDefault()} and {@link #dataDiskOrDefault()} give the
 * defaults it then had. {@code systemDisk} is null for a session's throw-away overlay in the run
 * directory; a maintenance guest names its kept overlay there, which outlives the guest.
 * {@code template} is the directory of the template the guest was restored from (its system disk
 * is layered on the template's, which must stay while the guest runs), null after a cold boot.
 * {@code packages}: its application packages, with their files once they are on this host (null
 * in a record written before packages existed: none). {@code packaging}: a packaging guest's
 * scratch and output disks, null for every other guest.
 */
record GuestRecord(String id, String user, String image, String version, int memoryMiB, int vcpus,
        String accel, Instant createdAt, String dataDisk, int screenWidth, int screenHeight, String application,
        GuestNetwork network, DataDiskAccess dataDiskAccess, String systemDisk, String template,
        java.util.List<GuestPackage> packages, PackagingDisks packaging) {

    GuestRecord {
        packages = packages == null ? java.util.List.of() : java.util.List.copyOf(packages);
    }

    GuestRecord(String id, String user, String image, String version, int memoryMiB, int vcpus, String accel,
            Instant createdAt, String dataDisk, int screenWidth, int screenHeight, String application,
            GuestNetwork network, DataDiskAccess dataDiskAccess, String systemDisk, String template,
            java.util.List<GuestPackage> packages) {
        this(id, user, image, version, memoryMiB, vcpus, accel, createdAt, dataDisk, screenWidth, screenHeight,
                application, network, dataDiskAccess, systemDisk, template, packages, null);
    }

    GuestRecord(String id, String user, String image, String version, int memoryMiB, int vcpus, String accel,
            Instant createdAt, String dataDisk, int screenWidth, int screenHeight, String application,
            GuestNetwork network, DataDiskAccess dataDiskAccess, String systemDisk, String template) {
        this(id, user, image, version, memoryMiB, vcpus, accel, createdAt, dataDisk, screenWidth, screenHeight,
                application, network, dataDiskAccess, systemDisk, template, null);
    }

    GuestRecord(String id, String user, String image, String version, int memoryMiB, int vcpus, String accel,
            Instant createdAt, String dataDisk, int screenWidth, int screenHeight, String application,
            GuestNetwork network, DataDiskAccess dataDiskAccess, String systemDisk) {
        this(id, user, image, version, memoryMiB, vcpus, accel, createdAt, dataDisk, screenWidth, screenHeight,
                application, network, dataDiskAccess, systemDisk, null);
    }

    /** A session's guest: its system disk is the throw-away overlay in the run directory. */
    GuestRecord(String id, String user, String image, String version, int memoryMiB, int vcpus, String accel,
            Instant createdAt, String dataDisk, int screenWidth, int screenHeight, String application,
            GuestNetwork network, DataDiskAccess dataDiskAccess) {
        this(id, user, image, version, memoryMiB, vcpus, accel, createdAt, dataDisk, screenWidth, screenHeight,
                application, network, dataDiskAccess, null);
    }

    GuestRecord withAccel(String newAccel) {
        return new GuestRecord(id, user, image, version, memoryMiB, vcpus, newAccel, createdAt, dataDisk,
                screenWidth, screenHeight, application, network, dataDiskAccess, systemDisk, template, packages, packaging);
    }

    /** Restored from {@code dir}, or null: cold-booted (a clone that failed falls back to a boot). */
    GuestRecord withTemplate(String dir) {
        return new GuestRecord(id, user, image, version, memoryMiB, vcpus, accel, createdAt, dataDisk,
                screenWidth, screenHeight, application, network, dataDiskAccess, systemDisk, dir, packages, packaging);
    }

    GuestRecord withScreen(int width, int height) {
        return new GuestRecord(id, user, image, version, memoryMiB, vcpus, accel, createdAt, dataDisk,
                width, height, application, network, dataDiskAccess, systemDisk, template, packages, packaging);
    }

    /** With its packages as this host has them (their files), once the boot brought them here. */
    GuestRecord withPackages(java.util.List<GuestPackage> here) {
        return new GuestRecord(id, user, image, version, memoryMiB, vcpus, accel, createdAt, dataDisk,
                screenWidth, screenHeight, application, network, dataDiskAccess, systemDisk, template, here, packaging);
    }

    GuestInfo info(GuestState state, String reason, long pid, GuestInfo.Paths paths, Instant readyAt) {
        return new GuestInfo(id, user, image, version, memoryMiB, vcpus, application, networkOrDefault(),
                dataDiskOrDefault(), accel, state, reason, pid, createdAt, new GuestInfo.Screen(screenWidth, screenHeight),
                paths, readyAt, template != null, packages);
    }

    GuestNetwork networkOrDefault() {
        return network == null ? GuestNetwork.NONE : network;
    }

    DataDiskAccess dataDiskOrDefault() {
        return dataDiskAccess == null ? DataDiskAccess.WRITABLE : dataDiskAccess;
    }
}
