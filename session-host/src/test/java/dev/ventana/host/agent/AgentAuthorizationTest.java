package dev.ventana.host.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ventana.host.testing.TinyImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The session host's half of the authorization matrix: every route of its controllers, found
 * in Spring MVC's mappings (so a new endpoint is in the matrix the moment it exists), and the
 * display endpoint refuse every caller but one with the farm token. No guest is booted: with
 * the token a call gets past authorization to its own answer (404 for the made-up guest).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AgentAuthorizationTest {
    private static final String TOKEN = "test-farm-token-0123456789";
    /** What may knock: nothing, another secret, a user's token of the server (a JWT), the token sent as Basic. */
    private static final String[] WRONG = {null, "Bearer wrong-token-0123456789abcdef",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl", "Basic " + TOKEN, "Bearer " + TOKEN + "x"};

    @TempDir
    static Path tmp;

    @DynamicPropertySource
    static void hostProperties(DynamicPropertyRegistry registry) {
        registry.add("ventana.host.farm-token", () -> TOKEN);
        registry.add("ventana.host.images-dir", () -> TinyImages.imagesDir().toString());
        registry.add("ventana.host.run-dir", () -> tmp.resolve("run").toString());
        registry.add("ventana.host.data-dir", () -> tmp.resolve("data").toString());
        registry.add("ventana.host.accel", () -> "tcg");
    }

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theAgentApiRefusesEveryCallerWithoutTheFarmToken() throws Exception {
        Set<String> routes = routes();
        assertThat(routes).as("the mappings were found").contains("POST /api/v1/guests", "GET /api/v1/images");
        SoftAssertions soft = new SoftAssertions();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            // Path variables get made-up values: a refusal must come before anything is looked up.
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "g-000000000000");
            for (String authorization : WRONG) {
                HttpResponse<String> r = call(method, path, authorization);
                soft.assertThat(r.statusCode()).as(route + " with " + authorization + ": " + r.body()).isEqualTo(401);
                soft.assertThat(r.body()).as(route).contains("\"error\":\"UNAUTHORIZED\"");
            }
            HttpResponse<String> farm = call(method, path, "Bearer " + TOKEN);
            soft.assertThat(farm.statusCode()).as(route + " with the farm token: " + farm.body()).isNotEqualTo(401);
        }
        soft.assertAll();
    }

    @Test
    void theDisplayEndpointRefusesEveryCallerWithoutTheFarmTokenAtTheHandshake() {
        URI uri = URI.create("ws://localhost:" + port + "/display/g-000000000000");
        for (String authorization : WRONG) {
            assertThatThrownBy(() -> open(uri, authorization)).as(String.valueOf(authorization))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        }
        assertThat(open(uri, "Bearer " + TOKEN)).as("the farm token gets past: no such guest")
                .isEqualTo("4404 NOT_FOUND");
        assertThat(open(URI.create(uri + "?mode=shadow"), "Bearer " + TOKEN)).isEqualTo("4404 NOT_FOUND");
    }

    /** "METHOD /pattern" of every handler of the host's own controllers (not Spring's /error). */
    private Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBeanType().getPackageName().startsWith("dev.ventana.")) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                info.getPatternValues().forEach(pattern -> (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                        .forEach(m -> routes.add(m + " " + pattern)));
            }
        });
        return routes;
    }

    private HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens the WebSocket and returns how the host closed it, "code REASON". */
    private String open(URI uri, String authorization) {
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                closed.complete(code + " " + reason);
                return null;
            }
        }).join();
        return closed.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }
}
