package dev.ventana.host.maintenance;

import java.time.Instant;

/**
 * One packaging guest's work, written beside its disks in
 * {@code <packages>/<name>/.packaging-<token>/work.json}: it outlives the host process, so a
 * restarted host lists, seals or discards it; {@code version} is the image version it runs.
 */
public record PackagingWork(String guestId, String name, String image, String version, String admin,
        Instant startedAt) {
}
