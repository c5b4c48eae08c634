package dev.ventana.host.agent;

import org.springframework.http.HttpStatus;

/** The error vocabulary of docs/protocol.md, as far as the agent API uses it. */
enum ErrorKind {
    BAD_REQUEST(HttpStatus.BAD_REQUEST),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    CONFLICT(HttpStatus.CONFLICT),
    TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR),
    UPSTREAM_FAILED(HttpStatus.BAD_GATEWAY);

    final HttpStatus status;

    ErrorKind(HttpStatus status) {
        this.status = status;
    }
}
