package dev.ventana.server;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A real HTTP client against the running server, with its own cookie jar (one browser). */
public final class Http {
    private final String base;
    private final HttpClient client;
    private final CookieManager cookies = new CookieManager();

    public Http(int port) {
        this("http://localhost:" + port, HttpClient.newBuilder());
    }

    /** Over HTTPS to a server whose certificate {@code tls} trusts. */
    public Http(int port, SSLContext tls) {
        this("https://localhost:" + port, HttpClient.newBuilder().sslContext(tls));
    }

    private Http(String base, HttpClient.Builder builder) {
        this.base = base;
        this.client = builder
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    public HttpResponse<String> postJson(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> putJson(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> patchJson(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> deleteJson(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE().build());
    }

    /** Any method, with a body of the given type (none when {@code body} is null). */
    public HttpResponse<String> send(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder builder = request(path, headers);
        if (body == null) {
            return send(builder.method(method, HttpRequest.BodyPublishers.noBody()).build());
        }
        return send(builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** A POST of raw bytes, such as a version or package bundle. */
    public HttpResponse<String> postBytes(String path, byte[] body, String contentType, String... headers) {
        return send(request(path, headers).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** This browser's cookies as a {@code Cookie} header, for a WebSocket client to open a connection as it. */
    public String cookieHeader() {
        return cookies.getCookieStore().get(URI.create(base)).stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
