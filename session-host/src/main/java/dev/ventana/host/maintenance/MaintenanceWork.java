package dev.ventana.host.maintenance;

import java.time.Instant;

/**
 * One maintenance guest's work, written beside its system disk in
 * {@code <images>/<image>/.maintenance-<token>/work.json}: it outlives the guest and the host
 * process, so a guest that has shut down, or a host that restarted, can still seal or discard it.
 */
record MaintenanceWork(String guestId, String image, String version, String admin, Instant startedAt) {
}
