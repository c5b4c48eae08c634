package dev.ventana.host.guest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One place a missing image version can be fetched from: another session host
 * ({@code http://host:port/api/v1}) or the server ({@code http://server:port/api/v1/farm}).
 * Both answer {@code <base>/<kind>/<image>/<id>/manifest.json} and
 * {@code <base>/<kind>/<image>/<id>/files/<name>} to the farm token (docs/session-host.md), where
 * kind is {@code images} for image versions and {@code packages} for application packages.
 * Nothing it returns is trusted: {@link VersionFetch} checks every byte against the hashes.
 */
record VersionSource(URI base, String farmToken, HttpClient http, String kind) {
    /** A manifest is a few KiB; anything far larger is not one. */
    private static final int MAX_MANIFEST = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    byte[] manifest(String image, String id) throws IOException, InterruptedException {
        try (InputStream in = get(image, id, "manifest.json")) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST + 1);
            if (bytes.length > MAX_MANIFEST) {
                throw new IOException("its manifest is larger than " + MAX_MANIFEST + " bytes");
            }
            return bytes;
        }
    }

    /** The file's bytes as they arrive; the caller closes the stream. */
    InputStream file(String image, String id, String name) throws IOException, InterruptedException {
        return get(image, id, "files/" + name);
    }

    private InputStream get(String image, String id, String rest) throws IOException, InterruptedException {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/" + kind + "/" + image + "/" + id + "/" + rest);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + farmToken).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
