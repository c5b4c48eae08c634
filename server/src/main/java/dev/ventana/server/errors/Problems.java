package dev.ventana.server.errors;

import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 problem documents that carry an {@link ErrorKind}. */
public final class Problems {
    private Problems() {
    }

    public static ProblemDetail of(ErrorKind kind, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(kind.status(), detail);
        problem.setProperty("error", kind.name());
        return problem;
    }
}
