package dev.ventana.host.agent;

import dev.ventana.host.errors.ErrorKind;
import dev.ventana.host.guest.GuestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every failure of the agent API as a problem document with an {@code error} kind. */
@RestControllerAdvice
class ProblemAdvice {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(GuestException.class)
    ResponseEntity<ProblemDetail> guest(GuestException e) {
        ErrorKind kind = switch (e.reason()) {
            case INVALID -> ErrorKind.BAD_REQUEST;
            case UNKNOWN_IMAGE, UNKNOWN_GUEST -> ErrorKind.NOT_FOUND;
            case CONFLICT -> ErrorKind.CONFLICT;
            case FAILED -> ErrorKind.UPSTREAM_FAILED;
        };
        return problem(kind, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return problem(ErrorKind.BAD_REQUEST, "The request body is not the JSON this endpoint takes.");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(ErrorKind.BAD_REQUEST, "Send application/json.");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return problem(ErrorKind.NOT_FOUND, "No such route: " + e.getMethod() + " is not supported here.");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noRoute(NoResourceFoundException e) {
        return problem(ErrorKind.NOT_FOUND, "No such route: /" + e.getResourcePath());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> bug(Exception e) {
        log.error("agent API request failed", e);
        return problem(ErrorKind.INTERNAL, "Internal error; see the session host's log.");
    }

    private static ResponseEntity<ProblemDetail> problem(ErrorKind kind, String detail) {
        return ResponseEntity.status(kind.httpStatus()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(kind, detail));
    }
}
