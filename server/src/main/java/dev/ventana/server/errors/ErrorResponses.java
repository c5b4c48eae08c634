package dev.ventana.server.errors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.stream.Collectors;

/** Maps every failure of the REST API onto the error vocabulary. */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    @ExceptionHandler(VentanaException.class)
    ProblemDetail known(VentanaException e) {
        return Problems.of(e.kind(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return Problems.of(ErrorKind.BAD_REQUEST, detail);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ProblemDetail invalid(HandlerMethodValidationException e) {
        return Problems.of(ErrorKind.BAD_REQUEST, "Invalid request parameters.");
    }

    /** A query or path parameter of the wrong type (size=many, a session id that is no UUID) is the caller's mistake. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mistyped(MethodArgumentTypeMismatchException e) {
        return Problems.of(ErrorKind.BAD_REQUEST, "The parameter '" + e.getName() + "' has the wrong type.");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return Problems.of(ErrorKind.BAD_REQUEST, "The request body is not valid JSON of the expected shape.");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail notFound(NoResourceFoundException e) {
        return Problems.of(ErrorKind.NOT_FOUND, "No such resource.");
    }

    @ExceptionHandler(AuthenticationException.class)
    ProblemDetail unauthenticated(AuthenticationException e) {
        return Problems.of(ErrorKind.UNAUTHORIZED, "Authentication required.");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return Problems.of(ErrorKind.FORBIDDEN, "You are not allowed to do this.");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error in an API call", e);
        return Problems.of(ErrorKind.INTERNAL, "Unexpected server error; the server log has the details.");
    }
}
