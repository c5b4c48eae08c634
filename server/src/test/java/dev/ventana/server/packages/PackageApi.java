package dev.ventana.server.packages;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The package calls the tests make, as an admin (or the farm) would. */
public final class PackageApi {
    public static final String FARM_TOKEN = "test-farm-token-0123456789";
    private final int port;
    private final String admin;

    public PackageApi(int port, String adminBearer) {
        this.port = port;
        this.admin = adminBearer;
    }

    public HttpResponse<String> upload(String name, byte[] tar) {
        return post("/api/v1/admin/packages/" + name + "/versions", tar);
    }

    /** A bundle to any upload path (an image's too). */
    public HttpResponse<String> post(String path, byte[] tar) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", admin).header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tar)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads the version and checks it was accepted. */
    public void uploaded(PackageBundles.Version v) {
        HttpResponse<String> answer = upload(v.name(), v.tar());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    /** The package's versions as GET /api/v1/admin/packages lists them; null when it is not listed. */
    public JsonNode versions(String name) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/v1/admin/packages"))
                .header("Authorization", admin).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        for (JsonNode p : PackageBundles.JSON.readTree(answer.body())) {
            if (p.get("name").asString().equals(name)) {
                return p.get("versions");
            }
        }
        return null;
    }

    public HttpResponse<String> delete(String name, String version) {
        return send(HttpRequest.newBuilder(uri("/api/v1/admin/packages/" + name + "/versions/" + version))
                .header("Authorization", admin).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> farm(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/farm/packages/" + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            return client.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
