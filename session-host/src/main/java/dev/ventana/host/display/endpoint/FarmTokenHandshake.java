package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.source.ViewerRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Lets a display WebSocket be opened only with {@code Authorization: Bearer <farm token>}, the
 * token of the agent API; anything else is answered at the handshake with HTTP 401 and a
 * problem document, so no WebSocket is ever opened for a stranger. The comparison is of SHA-256
 * digests with {@link MessageDigest#isEqual}: its time depends neither on where the first wrong
 * byte is nor on the length of the guess. Also takes the guest id from the path and the
 * viewer's role from the query: none for the user's viewer, {@code ?mode=shadow} for an
 * administrator's read-only shadow; any other query is answered with HTTP 400 (a gateway that
 * means a shadow must never get a user's viewer by a typo).
 */
public final class FarmTokenHandshake implements HandshakeInterceptor {
    /** The session attribute that holds the guest id of {@code /display/{guestId}}. */
    public static final String GUEST_ID = "ventana.display.guestId";
    /** The session attribute that holds the viewer's {@link ViewerRole}. */
    public static final String ROLE = "ventana.display.role";
    static final String SHADOW_QUERY = "mode=shadow";
    static final String PATH_PREFIX = "/display/";
    /** A guest id as the engine makes them; anything else cannot name a guest (answered 4404). */
    private static final Pattern GUEST = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final byte[] UNAUTHORIZED_BODY = ("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"error\":\"UNAUTHORIZED\",\"detail\":\"The farm token is missing or wrong.\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] BAD_MODE_BODY = ("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"error\":\"BAD_REQUEST\",\"detail\":\"The only query the display endpoint takes is ?mode=shadow.\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final byte[] tokenDigest;

    public FarmTokenHandshake(String farmToken) {
        if (farmToken == null || farmToken.strip().length() < 16) {
            throw new IllegalStateException("ventana.host.farm-token must be set to a secret of at least 16 characters");
        }
        this.tokenDigest = sha256(farmToken.strip());
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws Exception {
        if (!authorized(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ventana-session-host\"");
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            response.getBody().write(UNAUTHORIZED_BODY);
            return false;
        }
        Optional<ViewerRole> role = role(request.getURI().getRawQuery());
        if (role.isEmpty()) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            response.getBody().write(BAD_MODE_BODY);
            return false;
        }
        attributes.put(GUEST_ID, guestId(request.getURI().getRawPath()));
        attributes.put(ROLE, role.get());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }

    boolean authorized(String header) {
        // A missing header is digested as an empty token (never the farm token, which has 16
        // characters or more), so it takes the time of a wrong one.
        boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
        return MessageDigest.isEqual(tokenDigest, sha256(bearer ? header.substring(7).strip() : ""));
    }

    /** The last path segment if it can be a guest id, else "" (which names no guest). */
    static String guestId(String rawPath) {
        int at = rawPath == null ? -1 : rawPath.lastIndexOf(PATH_PREFIX);
        String id = at < 0 ? "" : rawPath.substring(at + PATH_PREFIX.length());
        return GUEST.matcher(id).matches() ? id : "";
    }

    /** No query: the user's viewer; exactly {@code mode=shadow}: a shadow; anything else: empty. */
    static Optional<ViewerRole> role(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.of(ViewerRole.USER);
        }
        return rawQuery.equals(SHADOW_QUERY) ? Optional.of(ViewerRole.SHADOW) : Optional.empty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
