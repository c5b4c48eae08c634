package dev.ventana.server.hosts;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.TestPools;
import dev.ventana.server.identity.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sources a start request names for a version the chosen host may lack: every other UP host
 * that reported it, then the server when it holds it; and the server's farm endpoint that serves
 * the versions it holds, to the farm token only.
 */
class VersionSourcesTest extends ServerTest {
    static final String TOKEN = "test-farm-token-0123456789";
    static final String VERSION = "0123456789abcdef";
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;
    @Value("${ventana.data-dir}")
    Path dataDir;

    final List<FakeFarmHost> hosts = new ArrayList<>();

    @AfterEach
    void retireHosts() {
        for (FakeFarmHost host : hosts) {
            jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(host.name()).update();
            host.close();
        }
    }

    @Test
    void aStartRequestNamesTheHostsThatHoldTheVersionAndTheServer() throws IOException {
        String pool = TestPools.create(jdbc, "sources-img", VERSION, 256);
        storeOnTheServer("sources-img");
        FakeFarmHost holder = host("sources-holder", 1000);
        FakeFarmHost empty = host("sources-empty", 4000);
        FakeFarmHost down = host("sources-down", 1000);
        holder.imagesJson = imagesJson("sources-img");
        down.imagesJson = imagesJson("sources-img");
        assertThat(holder.beat().statusCode()).isEqualTo(200);
        assertThat(down.beat().statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT images::text FROM hosts WHERE name = 'sources-holder'").query(String.class).single())
                .contains(VERSION);
        empty.beat();
        jdbc.sql("UPDATE hosts SET state = 'DOWN' WHERE name = 'sources-down'").update();
        // Placement prefers a host that holds the version: drained, the holder is a source but takes no guest.
        jdbc.sql("UPDATE hosts SET draining = true WHERE name = 'sources-holder'").update();

        HttpResponse<String> launched = new Http(port).postJson("/api/v1/desktops/" + pool + "/sessions", "",
                "Authorization", "Bearer " + tokens.issue(userAccount("sources-user", "S", "sources-user password")).token());

        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);
        assertThat(empty.startRequests).hasSize(1);
        assertThat(empty.startRequests.getFirst()).contains("\"sources\":[\"" + holder.url().toString().replaceAll("/$", "")
                + "/api/v1\",\"http://127.0.0.1:" + port + "/api/v1/farm\"]");
        jdbc.sql("UPDATE desktop_pools SET enabled = false WHERE name = ?").param(pool).update();
    }

    @Test
    void aDeletedVersionsFilesGoFromTheHostsThatHoldIt() throws IOException {
        FakeFarmHost holder = host("removal-holder", 1000);
        FakeFarmHost other = host("removal-other", 1000);
        String sha = "fedcba9876543210".repeat(4);
        holder.imagesJson = ("[{\"image\":\"removal-img\",\"id\":\"fedcba9876543210\",\"sha256\":\"" + sha
                + "\",\"cmdline\":\"\",\"screenWidth\":720,\"screenHeight\":400,\"applications\":[]}]");
        assertThat(holder.beat().statusCode()).isEqualTo(200);
        assertThat(other.beat().statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = new Http(port).delete("/api/v1/admin/images/removal-img/versions/fedcba9876543210",
                "Authorization", "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token());

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(holder.imageRemovals).containsExactly("/api/v1/images/removal-img/fedcba9876543210");
        assertThat(other.imageRemovals).isEmpty();
    }

    @Test
    void theServerServesTheVersionsItHoldsToTheFarmTokenOnly() throws IOException {
        storeOnTheServer("served-img");
        Http api = new Http(port);
        String base = "/api/v1/farm/images/served-img/" + VERSION;

        assertThat(api.get(base + "/manifest.json").statusCode()).isEqualTo(401);
        HttpResponse<String> manifest = api.get(base + "/manifest.json", "Authorization", "Bearer " + TOKEN);
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.body()).contains("\"base.qcow2\"");
        HttpResponse<String> file = api.get(base + "/files/base.qcow2", "Authorization", "Bearer " + TOKEN);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("layer bytes");
        assertThat(api.get(base + "/files/secret", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(api.get(base + "/files/manifest.json", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/farm/images/served-img/fedcba9876543210/manifest.json", "Authorization",
                "Bearer " + TOKEN).statusCode()).isEqualTo(404);
    }

    private void storeOnTheServer(String image) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("images").resolve(image).resolve(VERSION));
        Files.writeString(dir.resolve("base.qcow2"), "layer bytes");
        Files.writeString(dir.resolve("secret"), "not listed");
        Files.writeString(dir.resolve("manifest.json"), """
                {"files":{"base.qcow2":{"sha256":"%s","size":11}}}""".formatted("0".repeat(64)),
                StandardCharsets.UTF_8);
    }

    private String imagesJson(String image) {
        String sha = jdbc.sql("SELECT v.sha256 FROM image_versions v JOIN images i ON i.id = v.image_id"
                + " WHERE i.name = ? AND v.label = ?").params(image, VERSION).query(String.class).single();
        return ("[{\"image\":\"%s\",\"id\":\"%s\",\"sha256\":\"%s\",\"cmdline\":\"\",\"screenWidth\":720,"
                + "\"screenHeight\":400,\"applications\":[],\"sizeBytes\":11}]").formatted(image, VERSION, sha);
    }

    private FakeFarmHost host(String name, long capacityMib) throws IOException {
        FakeFarmHost host = new FakeFarmHost(name, capacityMib, port, TOKEN);
        hosts.add(host);
        return host;
    }
}
