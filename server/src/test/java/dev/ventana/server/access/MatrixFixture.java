package dev.ventana.server.access;

import dev.ventana.server.Http;
import dev.ventana.server.hosts.FakeFarmHost;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the matrix's requests act on, made through the API as an admin and the owner would: a
 * fake host that boots nothing (its heartbeats register the image), and for every row a fresh
 * pool entitled to the owner alone, the owner's RUNNING session in it and a group, so that a
 * row's destructive calls never spoil the next row.
 */
final class MatrixFixture implements AutoCloseable {
    static final String FARM_TOKEN = "test-farm-token-0123456789";
    static final String OWNER = "mx-owner";
    static final String OTHER = "mx-other";
    static final String KIOSK = "mx-kiosk";
    static final String PASSWORD = "matrix user password";
    private static final Pattern VARIABLE = Pattern.compile("\\$([a-z]+)");

    /** The resources of one row. */
    record Resources(String s, String pool, UUID session, String group) {
    }

    private final int port;
    private final JdbcClient jdbc;
    private final Callers callers;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final FakeFarmHost host;
    private final String image = "mx-img-" + run;
    private final String version = run + "0000000b";
    /** A host that only ever sends the heartbeats of the matrix's farm row: no room, so no session lands there. */
    private final String bystander = "mx-bystander-" + run;

    MatrixFixture(int port, JdbcClient jdbc, Callers callers) throws IOException {
        this.port = port;
        this.jdbc = jdbc;
        this.callers = callers;
        // Other tests' hosts must not take this test's sessions, nor this one theirs (as PoolAdminTest).
        jdbc.sql("UPDATE hosts SET draining = true").update();
        host = new FakeFarmHost("mx-host-" + run, 100_000, port, FARM_TOKEN);
        host.imagesJson = "[{\"image\":\"" + image + "\",\"id\":\"" + version + "\",\"sha256\":\"" + version.repeat(4)
                + "\",\"cmdline\":\"console=ttyS0\",\"screenWidth\":1024,\"screenHeight\":768,\"applications\":[]}]";
        expect(host.beat(), 200);
        expect(new Http(port).postJson("/api/v1/farm/heartbeat", heartbeat(), "Authorization", "Bearer " + FARM_TOKEN), 200);
    }

    /**
     * Registers a kiosk for the kiosk account and opens its start address in {@code terminal},
     * which signs it in. Its desktop is the default pool, which publishes nothing here: the start
     * page answers 503, but the terminal is signed in all the same (as in KioskTest).
     */
    void signInKiosk(Http terminal) {
        HttpResponse<String> registered = expect(callers.call(Principal.ADMIN, "POST", "/api/v1/admin/kiosks",
                "{\"name\":\"mx-kiosk-" + run + "\",\"username\":\"" + KIOSK + "\",\"pool\":\"desktop\"}",
                "application/json"), 201);
        terminal.get(json.readTree(registered.body()).get("startPath").asString());
        expect(terminal.get("/api/v1/me", "X-Ventana-Request", "viewer"), 200);
    }

    /** A fresh pool, the owner's running session in it and a group. */
    Resources fresh() {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String pool = "mx-" + s;
        admin("POST", "/api/v1/admin/pools", "{\"name\":\"" + pool + "\",\"image\":\"" + image + "\",\"memoryMiB\":64}", 201);
        admin("POST", "/api/v1/admin/pools/" + pool + "/entitlements", "{\"user\":\"" + OWNER + "\"}", 204);
        String group = "mx-g-" + s;
        admin("POST", "/api/v1/admin/groups", "{\"name\":\"" + group + "\",\"description\":\"matrix\"}", 201);
        HttpResponse<String> launched = expect(callers.call(Principal.USER, "POST",
                "/api/v1/desktops/" + pool + "/sessions", null, null), 200);
        UUID session = UUID.fromString(json.readTree(launched.body()).get("id").asString());
        host.guests.forEach((id, guest) -> {
            if (guest[0].equals("STARTING")) {
                host.run(id);
            }
        });
        expect(host.beat(), 200);
        return new Resources(s, pool, session, group);
    }

    /** Ends the row's session (its guest reported stopped) and hides its pool from everyone. */
    void retire(Resources r) {
        callers.call(Principal.ADMIN, "DELETE", "/api/v1/sessions/" + r.session(), null, null);
        host.beat();
        host.guests.values().removeIf(guest -> guest[0].equals("STOPPED"));
        jdbc.sql("UPDATE desktop_pools SET enabled = false WHERE name = ?").param(r.pool()).update();
    }

    /** The {@code $name}s of the matrix file replaced by the row's resources and the fixture's names. */
    String fill(String text, Resources r) {
        Map<String, String> values = new HashMap<>(Map.of("s", r.s(), "pool", r.pool(), "session",
                r.session().toString(), "group", r.group(), "image", image, "version", version, "host", bystander,
                "owner", OWNER, "other", OTHER, "password", PASSWORD));
        values.put("heartbeat", heartbeat());
        Matcher m = VARIABLE.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No $" + m.group(1) + " in the matrix fixture: " + text);
            }
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return m.appendTail(filled).toString();
    }

    /** The bystander's heartbeat: a registered host with 1 MiB of room, so no session is ever placed on it. */
    private String heartbeat() {
        return "{\"name\":\"" + bystander + "\",\"url\":\"http://127.0.0.1:1\",\"cpus\":1,\"memoryTotalMib\":1024,"
                + "\"memoryFreeMib\":0,\"capacityMib\":1,\"load\":0,\"guests\":[],\"images\":[]}";
    }

    private void admin(String method, String path, String body, int status) {
        expect(callers.call(Principal.ADMIN, method, path, body, "application/json"), status);
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("Fixture: " + response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + ", not " + status + ": " + response.body());
        }
        return response;
    }

    @Override
    public void close() {
        jdbc.sql("UPDATE hosts SET draining = true WHERE name IN (?, ?)").params(host.name(), bystander).update();
        host.close();
    }
}
