package dev.ventana.host.display.source;

import java.time.Instant;
import java.time.InstantSource;

/**
 * When a guest last had keyboard or pointer input from a viewer. One per guest, not per screen:
 * it outlives the screen closing when its viewer leaves. Touched on every input, so a volatile
 * write and no lock.
 */
final class LastInput {
    private final InstantSource clock;
    private volatile Instant at;

    LastInput(InstantSource clock) {
        this.clock = clock;
    }

    void touch() {
        at = clock.instant();
    }

    /** {@code null} until the first input. */
    Instant at() {
        return at;
    }
}
