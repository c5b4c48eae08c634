package dev.ventana.server.broker;

import dev.ventana.server.hosts.GuestRequest.PackageRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One user's desktop session in one pool, on one host's guest; {@code imageVersion} is the 16-hex
 * id it runs. A maintenance guest's session has no pool ({@code poolId} 0, {@code pool} null) and
 * names the image it changes in {@code maintenanceOf}; a packaging guest's names the package it
 * makes in {@code packagingOf}. {@code packages}: the application packages it got, fixed when it
 * was placed, in the pool's order.
 */
public record DesktopSession(UUID id, long userId, String username, long poolId, long imageVersionId, Long hostId,
                             String guestId, SessionState state, String failureReason, Instant createdAt,
                             Instant startedAt, DataDisk dataDisk, String pool, String imageVersion,
                             String maintenanceOf, String packagingOf, List<PackageRef> packages) {
}
