package dev.ventana.server.hosts;

import dev.ventana.server.Http;
import dev.ventana.server.SessionHostProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The farm's HTTP APIs as a script uses them, for FarmIT: the server's with bearer tokens (an
 * admin's, taken once, and each user's), and the hosts' agent APIs with the farm token.
 */
final class FarmApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Http http;
    private final String admin;

    FarmApi(int port, String adminPassword) {
        this.http = new Http(port);
        this.admin = token("admin", adminPassword);
    }

    /** Creates a user with the USER role and returns their bearer token. */
    String newUser(String name) {
        String password = name + "-password";
        HttpResponse<String> created = http.postJson("/api/v1/admin/users", """
                {"username":"%s","displayName":"%s","password":"%s","roles":["USER"]}""".formatted(name, name, password),
                auth(admin));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return token(name, password);
    }

    boolean desktopAvailable(String token) {
        return json(ok(http.get("/api/v1/desktops", auth(token)))).findValues("available").stream().anyMatch(JsonNode::asBoolean);
    }

    HttpResponse<String> launch(String token) {
        return http.postJson("/api/v1/desktops/desktop/sessions", "{}", auth(token));
    }

    UUID launched(String token) {
        return UUID.fromString(json(ok(launch(token))).get("id").asString());
    }

    JsonNode session(String token, UUID id) {
        return json(ok(http.get("/api/v1/sessions/" + id, auth(token))));
    }

    String state(String token, UUID id) {
        return session(token, id).get("state").asString();
    }

    HttpResponse<String> ticket(String token, UUID id) {
        return http.postJson("/api/v1/sessions/" + id + "/tickets", "{}", auth(token));
    }

    void logOff(String token, UUID id) {
        HttpResponse<String> r = http.delete("/api/v1/sessions/" + id, auth(token));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    JsonNode host(String name) {
        JsonNode hosts = json(ok(http.get("/api/v1/admin/hosts", auth(admin))));
        return StreamSupport.stream(hosts.spliterator(), false).filter(h -> h.get("name").asString().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no host " + name + " in " + hosts));
    }

    String hostState(String name) {
        return host(name).get("state").asString();
    }

    /** Drains or undrains a host; returns its state as the answer gives it. */
    String drain(String name, boolean drain) {
        return json(ok(http.postJson("/api/v1/admin/hosts/" + name + (drain ? "/drain" : "/undrain"), "", auth(admin))))
                .get("state").asString();
    }

    /** The admin's Authorization header value, for calls made with another client. */
    String adminBearer() {
        return "Bearer " + admin;
    }

    /** A call to the admin API as the admin, for the calls that have no method of their own here. */
    HttpResponse<String> asAdmin(String method, String path, String json) {
        return switch (method) {
            case "GET" -> http.get(path, auth(admin));
            case "POST" -> http.postJson(path, json, auth(admin));
            case "PUT" -> http.putJson(path, json, auth(admin));
            case "DELETE" -> http.delete(path, auth(admin));
            default -> throw new IllegalArgumentException(method);
        };
    }

    /** Uploads a bundle (a gzipped tar) as the admin. */
    HttpResponse<String> uploadAsAdmin(String path, byte[] bundle) {
        return http.postBytes(path, bundle, "application/gzip", auth(admin));
    }

    /** The host's guests that have not ended, from its own agent API. */
    static List<JsonNode> liveGuests(SessionHostProcess host) {
        JsonNode guests = json(ok(new Http(host.port()).get("/api/v1/guests", auth(SessionHostProcess.FARM_TOKEN))));
        return StreamSupport.stream(guests.spliterator(), false)
                .filter(g -> !List.of("STOPPED", "FAILED").contains(g.get("state").asString())).toList();
    }

    static List<String> liveUsers(SessionHostProcess host) {
        return liveGuests(host).stream().map(g -> g.get("user").asString()).sorted().toList();
    }

    /** The id of the user's live guest on the host. */
    static String guestOf(SessionHostProcess host, String user) {
        return liveGuests(host).stream().filter(g -> g.get("user").asString().equals(user)).findFirst()
                .orElseThrow(() -> new AssertionError(user + " has no guest on " + host.url())).get("id").asString();
    }

    static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private String token(String user, String password) {
        HttpResponse<String> r = http.postJson("/api/v1/auth/token",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        return json(ok(r)).get("token").asString();
    }

    private static String ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static String[] auth(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }
}
