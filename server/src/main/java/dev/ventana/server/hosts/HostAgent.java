package dev.ventana.server.hosts;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The server's side of one host's agent API (docs/session-host.md), authenticated by the farm token. */
public class HostAgent {
    private final Host host;
    /**
     * Sealing waits for the guest to shut down (up to a minute) and may flatten a chain of layers,
     * minutes for a large image: only that request waits this long.
     */
    private static final Duration SEAL_TIMEOUT = Duration.ofMinutes(20);
    private final RestClient http;
    private final RestClient slow;
    private final String farmToken;

    HostAgent(Host host, String farmToken) {
        this.host = host;
        this.farmToken = farmToken;
        this.http = client(Duration.ofSeconds(30));
        this.slow = client(SEAL_TIMEOUT);
    }

    private RestClient client(Duration readTimeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(readTimeout);
        return RestClient.builder()
                .requestFactory(requests)
                .baseUrl(host.agentUrl().toString())
                .defaultHeader("Authorization", "Bearer " + farmToken)
                .build();
    }

    public Host host() {
        return host;
    }

    public StartedGuest start(GuestRequest request) {
        return call(() -> http.post().uri("/api/v1/guests").body(request).retrieve().body(StartedGuest.class));
    }

    public void stop(String guestId) {
        call(() -> http.delete().uri("/api/v1/guests/{id}", guestId).retrieve().toBodilessEntity());
    }

    /** Boots a maintenance guest (docs/session-host.md, "Maintenance"); the host refuses (409) a second one of the image. */
    public StartedGuest startMaintenance(MaintenanceRequest request) {
        return call(() -> http.post().uri("/api/v1/maintenance").body(request).retrieve().body(StartedGuest.class));
    }

    /** Shuts the maintenance guest down and seals its system disk into a new version of its image. */
    public SealedVersion seal(String guestId, SealRequest request) {
        return call(() -> slow.post().uri("/api/v1/maintenance/{id}/seal", guestId).body(request).retrieve()
                .body(SealedVersion.class));
    }

    /** Throws the maintenance guest's work away, stopping it first. */
    public void discard(String guestId) {
        call(() -> slow.delete().uri("/api/v1/maintenance/{id}", guestId).retrieve().toBodilessEntity());
    }

    /** Boots a packaging guest (docs/session-host.md, "Packaging"); the host refuses (409) a second one of the name. */
    public StartedGuest startPackaging(PackagingRequest request) {
        return call(() -> http.post().uri("/api/v1/packaging").body(request).retrieve().body(StartedGuest.class));
    }

    /** The .desktop files the packaging guest's installation added so far. */
    public PackagingScan scanPackaging(String guestId) {
        return call(() -> http.post().uri("/api/v1/packaging/{id}/scan", guestId).retrieve().body(PackagingScan.class));
    }

    /**
     * Seals the packaging guest's work as a new package version (the guest writes a squashfs of
     * what the installation added, a minute or more); the host then stops the guest. A guest
     * that refuses (502, its reason) keeps running: the admin may fix things and seal again.
     */
    public SealedPackage sealPackaging(String guestId, PackagingSeal request) {
        return call(() -> slow.post().uri("/api/v1/packaging/{id}/seal", guestId).body(request).retrieve()
                .body(SealedPackage.class));
    }

    /** Stops the packaging guest and deletes its work. */
    public void discardPackaging(String guestId) {
        call(() -> slow.delete().uri("/api/v1/packaging/{id}", guestId).retrieve().toBodilessEntity());
    }

    /** Removes an image version's files from the host; the host refuses (409) one it still uses. */
    public void removeImage(String image, String version) {
        call(() -> http.delete().uri("/api/v1/images/{image}/{id}", image, version).retrieve().toBodilessEntity());
    }

    /** Removes a package version's files from the host; the host refuses (409) one a live guest has. */
    public void removePackage(String name, String version) {
        call(() -> http.delete().uri("/api/v1/packages/{name}/{id}", name, version).retrieve().toBodilessEntity());
    }

    /**
     * Asks the host to fetch an image version ({@code kind} "images") or a package version
     * ("packages") from {@code sources} in the background; true when it has it already.
     */
    public boolean prefetch(String kind, String name, String version, List<String> sources) {
        return call(() -> http.post().uri("/api/v1/{kind}/{name}/{id}/prefetch", kind, name, version)
                .body(Map.of("sources", sources)).retrieve().toBodilessEntity()).getStatusCode().isSameCodeAs(HttpStatus.OK);
    }

    /** The host's display WebSocket for one guest; the gateway connects with {@link #farmToken()}. */
    public URI displayUri(String guestId) {
        String base = host.agentUrl().toString().replaceFirst("^http", "ws").replaceAll("/$", "");
        return URI.create(base + "/display/" + guestId);
    }

    public String farmToken() {
        return farmToken;
    }

    /** The host's own words (its problem's detail) tell an admin what to do; they never hold secrets. */
    private static String detail(RestClientResponseException e) {
        try {
            ProblemDetail problem = e.getResponseBodyAs(ProblemDetail.class);
            return problem == null || problem.getDetail() == null ? "." : ": " + problem.getDetail();
        } catch (RuntimeException unreadable) {
            return ".";
        }
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (HttpClientErrorException e) {
            ErrorKind kind = e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND) ? ErrorKind.NOT_FOUND
                    : e.getStatusCode().isSameCodeAs(HttpStatus.BAD_REQUEST) ? ErrorKind.BAD_REQUEST
                    : e.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT) ? ErrorKind.CONFLICT
                    : ErrorKind.UPSTREAM_FAILED;
            throw new VentanaException(kind, "The session host " + host.name() + " refused the request ("
                    + e.getStatusCode().value() + ")" + detail(e));
        } catch (HttpServerErrorException e) {
            // A packaging seal the guest refused is a 502 whose detail is the guest's reason.
            throw new VentanaException(ErrorKind.UPSTREAM_FAILED, "The session host " + host.name() + " failed ("
                    + e.getStatusCode().value() + ")" + detail(e));
        } catch (ResourceAccessException e) {
            throw new VentanaException(ErrorKind.UPSTREAM_FAILED, "The session host " + host.name()
                    + " cannot be reached at " + host.agentUrl() + ".");
        } catch (RestClientException e) {
            throw new VentanaException(ErrorKind.UPSTREAM_FAILED, "The session host " + host.name()
                    + " answered with an error: " + e.getMessage());
        }
    }
}
