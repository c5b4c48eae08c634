package dev.ventana.server.hosts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake host's /api/v1/packaging routes, answering as pkg-contracts-2.md's session host does:
 * a start adds a guest to the host's map (its heartbeats report it), a scan answers
 * {@link #scanJson}, a seal answers a version made of its body's hash (or 502 with
 * {@link #sealFailure}, the guest kept) and stops the guest, a discard stops it.
 */
public final class FakePackaging implements HttpHandler {
    private final String host;
    private final Map<String, String[]> guests;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, String> names = new java.util.concurrent.ConcurrentHashMap<>();
    /** The bodies of the start and seal requests, oldest first. */
    public final List<String> starts = new CopyOnWriteArrayList<>();
    public final List<String> seals = new CopyOnWriteArrayList<>();
    /** The guests discarded, oldest first. */
    public final List<String> discards = new CopyOnWriteArrayList<>();
    /** The scan's answer. */
    public volatile String scanJson = "{\"entries\":[]}";
    /** Set: seals answer 502 with this as the problem's detail, the guest's reason. */
    public volatile String sealFailure;
    /** Set: starts answer this status (404, 409) with a problem. */
    public volatile int startRefusal;

    FakePackaging(String host, Map<String, String[]> guests) {
        this.host = host;
        this.guests = guests;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String[] path = exchange.getRequestURI().getPath().replaceFirst("^/api/v1/packaging/?", "").split("/");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if ("POST".equals(method) && path[0].isEmpty()) {
            starts.add(body);
            if (startRefusal != 0) {
                answer(exchange, startRefusal, problem("refused by the fake host"));
                return;
            }
            String admin = field(body, "admin");
            String id = "p-" + host + "-" + ids.incrementAndGet();
            names.put(id, field(body, "name"));
            guests.put(id, new String[] {"STARTING", admin, Instant.now().toString()});
            answer(exchange, 202, "{\"id\":\"" + id + "\",\"state\":\"STARTING\"}");
        } else if (!guests.containsKey(path[0])) {
            answer(exchange, 404, problem("no packaging guest " + path[0]));
        } else if ("DELETE".equals(method) && path.length == 1) {
            discards.add(path[0]);
            guests.remove(path[0]);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        } else if ("POST".equals(method) && path.length == 2 && path[1].equals("scan")) {
            answer(exchange, 200, scanJson);
        } else if ("POST".equals(method) && path.length == 2 && path[1].equals("seal")) {
            seals.add(body);
            if (sealFailure != null) {
                answer(exchange, 502, problem(sealFailure));
                return;
            }
            guests.computeIfPresent(path[0], (k, g) -> new String[] {"STOPPED", g[1], g[2]});
            String sha = sha256(body + ids.incrementAndGet());
            answer(exchange, 200, "{\"name\":\"" + names.get(path[0]) + "\",\"version\":\""
                    + sha.substring(0, 16) + "\",\"sha256\":\"" + sha + "\",\"sizeBytes\":8192,\"sealSeconds\":1.5}");
        } else {
            answer(exchange, 405, problem("no such route"));
        }
    }

    private static String field(String json, String name) {
        return json.replaceAll("(?s).*\"" + name + "\"\\s*:\\s*\"([^\"]*)\".*", "$1");
    }

    private static String problem(String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"Refused\",\"detail\":\"" + detail + "\"}";
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
