package dev.ventana.server.broker;

/**
 * A launch that started no guest, for the metrics: no host had room ({@code noCapacity}), or the
 * chosen host could not start it. A launch that did is {@link BrokerEvents.SessionLaunched}.
 * Not one of BrokerEvents: a refused launch leaves no session behind for the audit trail.
 */
public record LaunchFailed(String actor, String pool, boolean noCapacity, String reason) {
}
