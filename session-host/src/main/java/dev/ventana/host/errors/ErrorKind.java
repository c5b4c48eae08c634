package dev.ventana.host.errors;

/**
 * The failure vocabulary of docs/protocol.md, for the whole session host (the display
 * endpoint's close codes and the agent API's problem documents). The host does not depend on
 * the server, so this copy must keep the names and numbers of the server's ErrorKind.
 */
public enum ErrorKind {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    TOO_LARGE(413),
    TOO_MANY_REQUESTS(429),
    INTERNAL(500),
    UPSTREAM_FAILED(502),
    UNAVAILABLE(503);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** WebSocket close code: 4000 + the HTTP status, so both transports name a failure alike. */
    public int closeCode() {
        return 4000 + httpStatus;
    }
}
