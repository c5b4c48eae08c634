package dev.ventana.server.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;

import java.util.regex.Pattern;

/**
 * The Content-Security-Policy of every response, by the kind of page: the viewer runs only its own
 * files and talks only to this server; the Vaadin pages get what Vaadin needs (see {@link #VAADIN});
 * everything else (API answers, errors, files) may run nothing at all. It is written before the
 * request goes on (BrowserHeaders), and a Vaadin start page then replaces it with its own, with a
 * per-request script nonce (portal.ScriptNonces); a policy already set is kept.
 */
public final class ContentSecurityPolicies implements HeaderWriter {
    public static final String HEADER = "Content-Security-Policy";
    /** Nothing may run, load or frame it: JSON, problem answers, images, downloads. */
    static final String NOTHING = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /**
     * The strictest policy the portal and admin console run under in production mode, tried out in
     * Chromium (gateway.HttpsBrowserIT): Vaadin's client engine runs what the server sends
     * (executeJs, event data expressions) as constructed functions, so without 'unsafe-eval' not
     * even the sign-in form appears (Vaadin's documentation on CSP says so too); its inline start
     * script carries the nonce instead of 'unsafe-inline'. The components write style elements and
     * style attributes (refused without 'unsafe-inline' for styles); Lumo's icon font is a data:
     * font, and Vaadin's base styles draw icons (check marks, arrows) as data: SVG masks.
     * Everything else stays 'none'. The nonce is filled in by {@link #vaadin(String)}.
     */
    private static final String VAADIN = "default-src 'none'; script-src 'self' 'nonce-%s' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    /** A host name or address as a browser sends it: anything else never goes into a header. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    /** The policy of a Vaadin start page whose scripts carry {@code nonce}. */
    public static String vaadin(String nonce) {
        return VAADIN.formatted(nonce);
    }

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        if (!response.containsHeader(HEADER)) {
            response.setHeader(HEADER, policy(request));
        }
    }

    private static String policy(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/viewer/")) {
            return viewer(request);
        }
        if (path.startsWith("/api/") || path.startsWith("/actuator/") || path.startsWith("/v3/")) {
            return NOTHING;
        }
        // A Vaadin response that is no start page (UIDL, its own files): no nonce will ever match.
        return vaadin("none");
    }

    /**
     * The viewer: its own script and styles only, and connections to this server alone, including
     * the display WebSocket at the same host and port (older browsers do not count ws: and wss:
     * as 'self'). Cursor shapes are data: URLs (display.ts).
     */
    static String viewer(HttpServletRequest request) {
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
                + webSocket(request) + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** This server's own WebSocket origin, as the browser addresses it (behind a proxy too, with forwarded headers). */
    private static String webSocket(HttpServletRequest request) {
        String host = request.getServerName();
        if (host == null || !HOST.matcher(host).matches()) {
            return "";
        }
        boolean secure = request.isSecure();
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || port == (secure ? 443 : 80);
        return " " + (secure ? "wss://" : "ws://") + host + (defaultPort ? "" : ":" + port);
    }
}
