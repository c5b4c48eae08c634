package dev.ventana.host.agent;

import dev.ventana.host.errors.ErrorKind;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem documents carrying the error kind in an {@code error} property. */
final class Problems {
    private Problems() {
    }

    static ProblemDetail of(ErrorKind kind, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(kind.httpStatus()), detail);
        p.setType(URI.create("about:blank"));
        p.setProperty("error", kind.name());
        return p;
    }
}
