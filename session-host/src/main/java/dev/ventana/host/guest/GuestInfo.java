package dev.ventana.host.guest;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One guest as the engine sees it at one moment. {@code application} is the published
 * application it runs alone, null for the whole desktop. {@code readyAt} is when its agent said
 * on the guest channel that it waits for a user; null before, and for an image without an agent.
 * {@code restored}: the guest was restored from its version's warm template, not booted.
 * {@code packages}: the application packages attached to it (docs/session-host.md).
 */
public record GuestInfo(
        String id,
        String user,
        String image,
        String version,
        int memoryMiB,
        int vcpus,
        String application,
        GuestNetwork network,
        DataDiskAccess dataDisk,
        String accel,
        GuestState state,
        String reason,
        long pid,
        Instant createdAt,
        Screen screen,
        Paths paths,
        Instant readyAt,
        boolean restored,
        java.util.List<GuestPackage> packages) {

    public record Screen(int width, int height) {
    }

    /** Where the guest's sockets and disks are; the run directory goes when the guest ends. */
    public record Paths(Path runDir, Path vncSocket, Path qmpSocket, Path serialSocket, Path consoleLog,
            Path overlay, Path dataDisk) {

        /** The guest channel's socket (docs/session-host.md, "Guest channel"). */
        public Path agentSocket() {
            return runDir.resolve("agent.sock");
        }

        /**
         * The display monitor's socket: a QMP monitor of its own that hands QEMU's D-Bus display
         * its client, there only for an image whose display is {@code virtio-dbus}.
         */
        public Path displayMonitor() {
            return runDir.resolve("display.sock");
        }
    }
}
