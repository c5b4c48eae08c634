package dev.ventana.server.errors;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** Writes problem documents from filters, which answer before Spring MVC's converters are in reach. */
@Component
public class ProblemWriter {
    private final JsonMapper json;

    ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, ErrorKind kind, String detail) throws IOException {
        response.setStatus(kind.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), Problems.of(kind, detail));
    }
}
