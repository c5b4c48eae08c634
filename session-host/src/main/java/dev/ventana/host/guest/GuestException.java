package dev.ventana.host.guest;

/** A request the engine cannot carry out, with the reason callers map to their own errors. */
public final class GuestException extends RuntimeException {
    public enum Reason {
        INVALID,
        UNKNOWN_IMAGE,
        UNKNOWN_GUEST,
        CONFLICT,
        FAILED
    }

    private final Reason reason;

    public GuestException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public GuestException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
