package dev.ventana.host.display.protocol;

import dev.ventana.host.errors.ErrorKind;

/**
 * A browser broke the display protocol. The endpoint closes the connection with
 * {@code kind().closeCode()} and {@code kind().name()} as the reason; the detail is for the log only,
 * so a hostile client learns nothing from it.
 */
public final class ProtocolViolation extends Exception {
    private final ErrorKind kind;

    public ProtocolViolation(ErrorKind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
