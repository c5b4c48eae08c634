package dev.ventana.host.guest;

import java.util.Locale;

/**
 * How a guest gets its user's data disk. One writer per disk: the server gives a user's second
 * live guest READ_ONLY, which QEMU opens without taking the disk's lock (force-share) and the
 * guest mounts read-only without replaying the writer's journal.
 */
public enum DataDiskAccess {
    WRITABLE,
    READ_ONLY,
    /** No data disk at all: a maintenance guest, which changes the image and must not see a user's files. */
    NONE;

    /** The agent API's value; null means the default, WRITABLE. */
    public static DataDiskAccess parse(String value) {
        if (value == null) {
            return WRITABLE;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GuestException(GuestException.Reason.INVALID,
                    "dataDisk must be WRITABLE, READ_ONLY or NONE, not '" + value + "'");
        }
    }
}
