package dev.ventana.server.errors;

/** A failure of a known kind whose message is safe to show to the caller. */
public class VentanaException extends RuntimeException {
    private final ErrorKind kind;

    public VentanaException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
