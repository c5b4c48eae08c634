package dev.ventana.server.gateway;

import java.time.Instant;

/**
 * What the relays report for the server's metrics. The metrics module implements it, so that the
 * gateway reports without depending on it (the way hosts ask the broker through GuestLedger).
 * Called for every message: implementations must be cheap and must not block.
 */
public interface RelayMeter {

    void toBrowser(int bytes);

    void toHost(int bytes);

    /** The first message from the host reached the session's first viewer; once per session. */
    void firstFrame(Instant launchedAt);
}
