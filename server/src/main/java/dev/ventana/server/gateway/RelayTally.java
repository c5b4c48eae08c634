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

    void toBrowser(int bytes) {
        meter.toBrowser(bytes);
        if (launchedAt.get() != null) {
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
