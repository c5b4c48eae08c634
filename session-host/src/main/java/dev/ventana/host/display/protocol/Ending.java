package dev.ventana.host.display.protocol;

import dev.ventana.host.errors.ErrorKind;

/**
 * Why a display connection ends, as its WebSocket close: the code and the reason, which is the
 * error kind's name of docs/protocol.md, or {@code SESSION_ENDED} or {@code TAKEN_OVER} with 1000.
 */
public record Ending(int code, String reason) {

    /** The guest stopped normally (logoff, an admin ending it, a shutdown inside the guest). */
    public static final Ending SESSION_ENDED = new Ending(1000, "SESSION_ENDED");

    /** Another viewer of the guest came (the user roamed to another browser): this one gives way. */
    public static final Ending TAKEN_OVER = new Ending(1000, "TAKEN_OVER");

    public static Ending of(ErrorKind kind) {
        return new Ending(kind.closeCode(), kind.name());
    }
}
