package dev.ventana.server.desktop;

import dev.ventana.server.Http;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** One user's calls to the REST API with a bearer token, as a script would make them. */
final class UserApi {
    private final Http http;
    private final String bearer;

    UserApi(int port, String username, String password) {
        this.http = new Http(port);
        HttpResponse<String> response = http.postJson("/api/v1/auth/token",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        this.bearer = "Bearer " + field(response.body(), "token");
    }

    /** Launches the pool's desktop (or finds the live session in it); returns the session's id. */
    String launch(String pool) {
        HttpResponse<String> launched = http.postJson("/api/v1/desktops/" + pool + "/sessions", "{}", "Authorization", bearer);
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);
        return field(launched.body(), "id");
    }

    /** The session's state as GET /api/v1/sessions/{id} gives it. */
    String state(String session) {
        HttpResponse<String> response = http.get("/api/v1/sessions/" + session, "Authorization", bearer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return field(response.body(), "state");
    }

    HttpResponse<String> get(String path) {
        return http.get(path, "Authorization", bearer);
    }

    HttpResponse<String> delete(String path) {
        return http.delete(path, "Authorization", bearer);
    }

    HttpResponse<String> post(String path, String json) {
        return http.postJson(path, json, "Authorization", bearer);
    }

    HttpResponse<String> put(String path, String json) {
        return http.putJson(path, json, "Authorization", bearer);
    }

    HttpResponse<String> postBytes(String path, byte[] body, String contentType) {
        return http.postBytes(path, body, contentType, "Authorization", bearer);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
