package dev.ventana.host.guest;

import java.time.Instant;

/**
 * What the host writes into a guest's run directory before QEMU starts, so that a restarted
 * host can re-adopt the guest knowing what it was.
 */
record GuestRecord(String id, String user, String image, String version, int memoryMiB, int vcpus,
        String accel, Instant createdAt, String dataDisk, int screenWidth, int screenHeight) {

    GuestRecord withAccel(String newAccel) {
        return new GuestRecord(id, user, image, version, memoryMiB, vcpus, newAccel, createdAt, dataDisk,
                screenWidth, screenHeight);
    }
}
