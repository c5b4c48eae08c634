package dev.ventana.server.hosts;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session host that boots nothing: its agent API starts and stops guests in a map, and it
 * sends heartbeats when told to. For the farm's bookkeeping (placement, DOWN, fencing) without
 * QEMU; FarmIT runs the same against real hosts.
 */
public final class FakeFarmHost implements AutoCloseable {
    private final String name;
    private final long capacityMib;
    private final String farmToken;
    private final URI server;
    private final HttpServer http;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger ids = new AtomicInteger();
    /** Guest id to [state, user, created]. */
    public final Map<String, String[]> guests = new ConcurrentHashMap<>();
    /** The bodies of the start requests the server sent, oldest first. */
    public final List<String> startRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The paths of the image versions the server asked this host to remove, oldest first. */
    public final List<String> imageRemovals = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The heartbeat's "images" array, as JSON. */
    public volatile String imagesJson = "[]";
    /** The packages its heartbeats report, as JSON; null leaves them out (a host from before packages). */
    public volatile String packagesJson;
    /** The paths of the package removals the server asked for, oldest first. */
    public final List<String> packageRemovals = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Guest id to the memory its QEMU uses (PSS), as the heartbeat reports it; absent: null, not measured. */
    public final Map<String, Integer> memoryUsedMib = new ConcurrentHashMap<>();
    /** Its /api/v1/packaging routes (pkg-contracts-2.md). */
    public final FakePackaging packaging;
    /** The prefetches the server asked for, oldest first: "path body". */
    public final List<String> prefetches = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The heartbeat's "launches" object, as JSON; null leaves it out. */
    public volatile String launchesJson;

    public FakeFarmHost(String name, long capacityMib, int serverPort, String farmToken) throws IOException {
        this.name = name;
        this.capacityMib = capacityMib;
        this.farmToken = farmToken;
        this.server = URI.create("http://127.0.0.1:" + serverPort);
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/v1/images/", exchange -> {
            if ("DELETE".equals(exchange.getRequestMethod())) {
                imageRemovals.add(exchange.getRequestURI().getPath());
            }
            exchange.sendResponseHeaders("DELETE".equals(exchange.getRequestMethod()) ? 204 : prefetched(exchange), -1);
            exchange.close();
        });
        http.createContext("/api/v1/packages/", exchange -> {
            if ("DELETE".equals(exchange.getRequestMethod())) {
                packageRemovals.add(exchange.getRequestURI().getPath());
            }
            exchange.sendResponseHeaders("DELETE".equals(exchange.getRequestMethod()) ? 204 : prefetched(exchange), -1);
            exchange.close();
        });
        packaging = new FakePackaging(name, guests);
        http.createContext("/api/v1/packaging", packaging);
        http.createContext("/api/v1/guests", exchange -> {
            String method = exchange.getRequestMethod();
            String body;
            int status = 202;
            if ("POST".equals(method)) {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                startRequests.add(request);
                String user = request.replaceAll("(?s).*\"user\"\\s*:\\s*\"([^\"]*)\".*", "$1");
                String id = "g-" + name + "-" + ids.incrementAndGet();
                guests.put(id, new String[] {"STARTING", user, Instant.now().toString()});
                body = "{\"id\":\"" + id + "\",\"state\":\"STARTING\"}";
            } else if ("DELETE".equals(method)) {
                String id = exchange.getRequestURI().getPath().replaceAll(".*/", "");
                guests.computeIfPresent(id, (k, g) -> new String[] {"STOPPED", g[1], g[2]});
                body = "{\"id\":\"" + id + "\",\"state\":\"STOPPING\"}";
            } else {
                status = 405;
                body = "{}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        http.start();
    }

    /** 202 for a prefetch (noted), 404 for anything else. */
    private int prefetched(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/prefetch")) {
            return 404;
        }
        prefetches.add(path + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        return 202;
    }

    public String name() {
        return name;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    public void run(String guestId) {
        guests.computeIfPresent(guestId, (k, g) -> new String[] {"RUNNING", g[1], g[2]});
    }

    /** Sends one heartbeat with the guests as they are; returns the server's answer. */
    public HttpResponse<String> beat() {
        return beat(farmToken);
    }

    public HttpResponse<String> beat(String token) {
        return post(heartbeatJson(), token);
    }

    public HttpResponse<String> post(String json, String token) {
        try {
            return client.send(HttpRequest.newBuilder(server.resolve("/api/v1/farm/heartbeat"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String heartbeatJson() {
        List<String> reported = guests.entrySet().stream().map(e -> String.format(
                "{\"id\":\"%s\",\"user\":\"%s\",\"state\":\"%s\",\"memoryMiB\":256,\"createdAt\":\"%s\",\"viewers\":0,"
                        + "\"memoryUsedMiB\":%s}",
                e.getKey(), e.getValue()[1], e.getValue()[0], e.getValue()[2], memoryUsedMib.get(e.getKey()))).toList();
        String launches = (launchesJson == null ? "" : ",\"launches\":" + launchesJson)
                + (packagesJson == null ? "" : ",\"packages\":" + packagesJson);
        return String.format("""
                {"name":"%s","url":"%s","cpus":2,"memoryTotalMib":%d,"memoryFreeMib":%d,"capacityMib":%d,"load":0.5,
                 "guests":[%s],"images":%s%s}""", name, url(), capacityMib * 2, capacityMib, capacityMib,
                String.join(",", reported), imagesJson, launches);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
