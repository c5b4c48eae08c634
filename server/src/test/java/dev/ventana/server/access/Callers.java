package dev.ventana.server.access;

import dev.ventana.server.Http;

import java.net.http.HttpResponse;
import java.util.Map;

/**
 * How each principal of the matrix authenticates: users and the admin with bearer tokens as
 * scripts do, the kiosk with the session cookie its start address set (plus the viewer's
 * same-origin header, as the viewer page sends it), the farm with the farm token.
 */
final class Callers {
    private final int port;
    private final Http kiosk;
    private final Map<Principal, String> authorization;

    /** {@code authorization}: the Authorization header of each principal that sends one. */
    Callers(int port, Http kiosk, Map<Principal, String> authorization) {
        this.port = port;
        this.kiosk = kiosk;
        this.authorization = Map.copyOf(authorization);
    }

    HttpResponse<String> call(Principal who, String method, String path, String body, String contentType) {
        if (who == Principal.KIOSK) {
            return kiosk.send(method, path, body, contentType, "X-Ventana-Request", "viewer");
        }
        String header = authorization.get(who);
        Http http = new Http(port); // a fresh cookie jar: nothing but the header authenticates
        return header == null ? http.send(method, path, body, contentType)
                : http.send(method, path, body, contentType, "Authorization", header);
    }

    /**
     * The kiosk's call as another site's page could make it in its browser: the cookie without the
     * viewer's header; with {@code authorization}, an Authorization header that is no bearer token.
     */
    HttpResponse<String> kioskCrossSite(String method, String path, String body, String contentType,
                                        String authorization) {
        return authorization == null ? kiosk.send(method, path, body, contentType)
                : kiosk.send(method, path, body, contentType, "Authorization", authorization);
    }

    /** The Authorization header a principal sends; null for the anonymous caller and the kiosk. */
    String authorization(Principal who) {
        return authorization.get(who);
    }
}
