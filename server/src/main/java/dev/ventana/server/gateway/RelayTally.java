package dev.ventana.server.gateway;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** One relay's reports to the {@link RelayMeter}: its bytes, and the first frame when it is the session's first viewer. */
final class RelayTally {
    private final RelayMeter meter;
    /** When the session was launched, until its first frame is reported; null if another viewer came first. */
    private final AtomicReference<Instant> launchedAt;

    RelayTally(RelayMeter meter, Instant launchedAtIfFirstViewer) {
        this.meter = meter;
        this.launchedAt = new AtomicReference<>(launchedAtIfFirstViewer);
    }

    /** {@code fromHost}: the host's message, not one of the gateway's own (its settings, notices), which are no frame. */
    void toBrowser(int bytes, boolean fromHost) {
        meter.toBrowser(bytes);
        if (fromHost && launchedAt.get() != null) {
            Instant launched = launchedAt.getAndSet(null);
            if (launched != null) {
                meter.firstFrame(launched);
            }
        }
    }

    void toHost(int bytes) {
        meter.toHost(bytes);
    }
}
