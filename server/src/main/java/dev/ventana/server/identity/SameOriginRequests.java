package dev.ventana.server.identity;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * Cross-site request forgery guard for API calls that ride on the session cookie: a changing
 * call without a bearer token must carry {@value #HEADER}, a header that another site's page
 * cannot add without a CORS preflight, which this server never grants.
 */
class SameOriginRequests extends OncePerRequestFilter {
    static final String HEADER = "X-Ventana-Request";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private final ProblemWriter problems;

    SameOriginRequests(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean cookieCall = !hasBearerToken(request)
                && (request.getRequestedSessionId() != null || hasSignInCookie(request));
        if (cookieCall && !SAFE.contains(request.getMethod()) && request.getHeader(HEADER) == null) {
            problems.write(response, ErrorKind.FORBIDDEN, "Calls with the session cookie need the " + HEADER + " header.");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Only a bearer token replaces the cookie: with any other Authorization (Basic, say) the
     * cookie is still what authenticates, so the call must still prove it is same-origin.
     */
    private static boolean hasBearerToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** After a restart the sign-in cookie alone authenticates (SignInCookie): it needs the header too. */
    private static boolean hasSignInCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return cookies != null && Arrays.stream(cookies).anyMatch(c -> SignInCookie.NAME.equals(c.getName()));
    }
}
