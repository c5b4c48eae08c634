package dev.ventana.host.display.source;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * When a guest last had keyboard or pointer input from a viewer. One per guest, not per screen:
 * it outlives the screen closing when its viewer leaves. Touched on every input, so a volatile
 * write and no lock. The first input after a quiet spell is also told to {@code resumed}: the
 * farm's heartbeat then goes out at once, so that the server cancels an idle warning now rather
 * than a heartbeat later.
 */
final class LastInput {
    /** Input after this long without any is news; input in a stream of it is not. */
    static final Duration QUIET = Duration.ofSeconds(10);
    private final InstantSource clock;
    private final Runnable resumed;
    private volatile Instant at;

    LastInput(InstantSource clock, Runnable resumed) {
        this.clock = clock;
        this.resumed = resumed;
    }

    void touch() {
        Instant now = clock.instant();
        Instant before = at;
        at = now;
        if (before == null || Duration.between(before, now).compareTo(QUIET) > 0) {
            resumed.run();
        }
    }

    /** {@code null} until the first input. */
    Instant at() {
        return at;
    }
}
