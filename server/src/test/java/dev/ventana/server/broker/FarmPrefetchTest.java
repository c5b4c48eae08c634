package dev.ventana.server.broker;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.hosts.FakeFarmHost;
import dev.ventana.server.identity.ApiTokens;
import dev.ventana.server.packages.PackageApi;
import dev.ventana.server.packages.PackageBundles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the enabled pools offer reaches every up, non-draining host that lacks it, asked once, with
 * the hosts that hold it and then this server as its sources (real HTTP to fake hosts; the real
 * hosts' side is in the session host's PrefetchTest and the server's PrefetchIT).
 */
class FarmPrefetchTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    FarmPrefetch prefetch;
    @TempDir
    Path scratch;

    String s;
    String image;
    String version;
    String pool;
    String admin;
    Http api;
    FakeFarmHost holder;
    FakeFarmHost lacking;
    FakeFarmHost draining;

    @BeforeEach
    void farm() throws IOException {
        s = UUID.randomUUID().toString().substring(0, 8);
        image = "fp-img-" + s;
        version = s + "0000000b";
        pool = "fp-pool-" + s;
        api = new Http(port);
        admin = "Bearer " + tokens.issue(users.find("admin").orElseThrow()).token();
        jdbc.sql("UPDATE hosts SET draining = true").update();
        holder = host("fp-a-" + s, "[{\"image\":\"" + image + "\",\"id\":\"" + version + "\",\"sha256\":\""
                + version.repeat(4) + "\",\"cmdline\":\"\",\"screenWidth\":1024,\"screenHeight\":768}]");
        lacking = host("fp-b-" + s, "[]");
        draining = host("fp-c-" + s, "[]");
        jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(draining.name()).update();
        assertThat(api.postJson("/api/v1/admin/pools", "{\"name\":\"" + pool + "\",\"image\":\"" + image
                + "\",\"openToAllUsers\":true}", "Authorization", admin).statusCode()).isEqualTo(201);
    }

    private FakeFarmHost host(String name, String images) throws IOException {
        FakeFarmHost h = new FakeFarmHost(name, 8000, port, PackageApi.FARM_TOKEN);
        h.imagesJson = images;
        assertThat(h.beat().statusCode()).isEqualTo(200);
        return h;
    }

    @AfterEach
    void retire() {
        for (FakeFarmHost h : List.of(holder, lacking, draining)) {
            jdbc.sql("UPDATE hosts SET draining = true WHERE name = ?").param(h.name()).update();
            h.close();
        }
        jdbc.sql("UPDATE desktop_pools SET enabled = false WHERE name = ?").param(pool).update();
    }

    @Test
    void aHostThatLacksThePoolsVersionOrPackageIsAskedForItOnceWithItsSources() {
        prefetch.pass();
        String asked = "/api/v1/images/" + image + "/" + version + "/prefetch";
        String sent = await(lacking, asked);
        assertThat(sent).as("the host that holds it first").contains(holder.url().toString().replaceAll("/+$", "") + "/api/v1");
        assertThat(holder.prefetches).as("it has it").noneMatch(p -> p.contains(image));
        assertThat(draining.prefetches).as("draining: no new sessions, nothing to prepare").isEmpty();

        PackageBundles.Version calc = PackageBundles.version(scratch, "calc-" + s, image, "calc|Calculator|application|xcalc");
        new PackageApi(port, admin).uploaded(calc);
        assertThat(api.putJson("/api/v1/admin/pools/" + pool + "/packages", "{\"packages\":[{\"name\":\"" + calc.name()
                + "\",\"version\":\"" + calc.id() + "\"}]}", "Authorization", admin).statusCode()).isEqualTo(200);
        prefetch.pass();
        String pack = "/api/v1/packages/" + calc.name() + "/" + calc.id() + "/prefetch";
        assertThat(await(holder, pack)).as("only the server holds the upload").contains("/api/v1/farm")
                .doesNotContain(lacking.url().toString());
        await(lacking, pack);

        prefetch.pass();
        assertThat(lacking.prefetches.stream().filter(p -> p.startsWith(asked))).as("asked once").hasSize(1);
        assertThat(lacking.prefetches.stream().filter(p -> p.startsWith(pack))).hasSize(1);
        assertThat(draining.prefetches).isEmpty();

        // Once the host's heartbeat lists the version, there is nothing more to ask for.
        lacking.imagesJson = holder.imagesJson;
        assertThat(lacking.beat().statusCode()).isEqualTo(200);
        assertThat(prefetch.missing()).noneMatch(m -> m.name().equals(image));
    }

    @Test
    void aDisabledPoolsVersionIsNotPrefetched() {
        jdbc.sql("UPDATE desktop_pools SET enabled = false WHERE name = ?").param(pool).update();
        assertThat(prefetch.missing()).noneMatch(m -> m.name().equals(image));
    }

    private static String await(FakeFarmHost host, String path) {
        Awaitility.await(host.name() + " asked for " + path).atMost(Duration.ofSeconds(10))
                .until(() -> host.prefetches.stream().anyMatch(p -> p.startsWith(path + " ")));
        return host.prefetches.stream().filter(p -> p.startsWith(path + " ")).findFirst().orElseThrow();
    }
}
