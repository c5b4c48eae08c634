package dev.ventana.server.errors;

import org.springframework.http.HttpStatus;

/**
 * The one error vocabulary of docs/protocol.md: each kind has one HTTP status and one
 * WebSocket close code, so the API, the viewer and the logs name a failure the same way.
 */
public enum ErrorKind {
    BAD_REQUEST(HttpStatus.BAD_REQUEST),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    CONFLICT(HttpStatus.CONFLICT),
    TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR),
    UPSTREAM_FAILED(HttpStatus.BAD_GATEWAY),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    ErrorKind(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** Close codes live in the private range 4000-4999: 4000 + the HTTP status. */
    public int closeCode() {
        return 4000 + status.value();
    }
}
