package dev.ventana.host.agent;

import dev.ventana.host.errors.ErrorKind;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Lets a request through only with {@code Authorization: Bearer <farm token>}. The comparison
 * takes the same time wherever the first wrong byte is, so the token cannot be guessed byte
 * by byte from response times.
 */
final class FarmTokenFilter extends OncePerRequestFilter {
    private final byte[] token;
    private final ObjectMapper json;

    FarmTokenFilter(String token, ObjectMapper json) {
        if (token == null || token.strip().length() < 16) {
            throw new IllegalStateException("ventana.host.farm-token must be set to a secret of at least 16 characters");
        }
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (!MessageDigest.isEqual(token, presented)) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"ventana-session-host\"");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            String detail = header == null ? "The farm token is missing." : "The farm token is wrong.";
            json.writeValue(response.getOutputStream(), Problems.of(ErrorKind.UNAUTHORIZED, detail));
            return;
        }
        chain.doFilter(request, response);
    }
}
