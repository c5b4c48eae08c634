package dev.ventana.host.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.ventana.host.display.source.FakeEngine;
import dev.ventana.host.display.source.GuestActivity;
import dev.ventana.host.guest.GuestState;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.PackageCatalog;
import dev.ventana.host.guest.PackageFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The host's side of the farm against a scripted server: what a heartbeat says, when it goes, and fencing. */
class FarmMembershipTest {
    private static final Instant INPUT = Instant.parse("2026-11-28T10:00:00Z");
    @TempDir
    Path images;
    @TempDir
    Path packages;
    final JsonMapper json = JsonMapper.builder().build();
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    final FakeEngine engine = new FakeEngine();
    HttpServer server;
    FarmMembership membership;

    @AfterEach
    void stop() {
        if (membership != null) {
            membership.close();
        }
        server.stop(0);
    }

    @Test
    void aHeartbeatSaysWhoTheHostIsWhatItOffersAndHowItsGuestsAre() throws Exception {
        engine.put("g-1", GuestState.RUNNING, images.resolve("g-1/vnc.sock"));
        join(Duration.ofMinutes(1));

        JsonNode beat = next();

        assertThat(beat.get("name").asString()).isEqualTo("host-7");
        assertThat(beat.get("url").asString()).isEqualTo("http://10.0.0.7:8091");
        assertThat(beat.get("capacityMib").asLong()).isEqualTo(3000);
        assertThat(beat.get("memoryTotalMib").asLong()).isPositive();
        assertThat(beat.get("cpus").asInt()).isPositive();
        JsonNode guest = beat.get("guests").get(0);
        assertThat(guest.get("id").asString()).isEqualTo("g-1");
        assertThat(guest.get("state").asString()).isEqualTo("RUNNING");
        assertThat(guest.get("viewers").asInt()).isEqualTo(1);
        assertThat(Instant.parse(guest.get("lastInputAt").asString())).isEqualTo(INPUT);
        assertThat(guest.has("memoryUsedMiB")).as("null where its QEMU cannot be measured, as here").isTrue();
        assertThat(beat.get("launches").toString()).isEqualTo("{\"restored\":5,\"coldBoots\":2,\"fallbacks\":1}");
    }

    @Test
    void aHeartbeatListsTheApplicationsEachImageVersionPublishes() throws Exception {
        String id = version(Map.of("applications", List.of(
                Map.of("id", "editor", "name", "Text editor", "command", "mousepad", "icon", "editor"))));
        join(Duration.ofMinutes(1));

        JsonNode image = next().get("images").get(0);

        assertThat(image.get("id").asString()).isEqualTo(id);
        assertThat(image.get("applications").toString())
                .isEqualTo("[{\"id\":\"editor\",\"name\":\"Text editor\",\"icon\":\"editor\"}]");
    }

    @Test
    void aHeartbeatListsThePackagesThisHostHoldsWithWhatTheyWereMadeForAndTheirApplications() throws Exception {
        String id = PackageFixture.make(packages, json, "demo", new byte[4096], Map.of("madeFor",
                Map.of("image", "tiny", "version", "0123456789abcdef", "os", "ventana-tiny")));
        join(Duration.ofMinutes(1));

        JsonNode p = next().get("packages").get(0);

        assertThat(p.get("name").asString()).isEqualTo("demo");
        assertThat(p.get("id").asString()).isEqualTo(id);
        assertThat(p.get("sizeBytes").asLong()).isEqualTo(4096);
        assertThat(p.get("madeFor").toString())
                .isEqualTo("{\"image\":\"tiny\",\"version\":\"0123456789abcdef\",\"os\":\"ventana-tiny\"}");
        assertThat(p.get("applications").toString())
                .isEqualTo("[{\"id\":\"demo\",\"name\":\"The demo\",\"icon\":\"terminal\"}]");
    }

    @Test
    void aHeartbeatCarriesEachVersionsOriginFromItsManifestAndItsOwnSize() throws Exception {
        String built = version(Map.of());
        String sealed = version(Map.of("parent", built, "title", "With hello", "note", "apt-get install hello",
                "source", "maintenance", "createdBy", "admin", "createdAt", "2026-11-29T06:00:00Z"));
        join(Duration.ofMinutes(1));

        JsonNode beat = next();

        JsonNode layer = image(beat, sealed);
        assertThat(layer.get("parent").asString()).isEqualTo(built);
        assertThat(layer.get("title").asString()).isEqualTo("With hello");
        assertThat(layer.get("note").asString()).isEqualTo("apt-get install hello");
        assertThat(layer.get("source").asString()).isEqualTo("maintenance");
        assertThat(layer.get("createdBy").asString()).isEqualTo("admin");
        assertThat(Instant.parse(layer.get("createdAt").asString())).isEqualTo(Instant.parse("2026-11-29T06:00:00Z"));
        // The three files' names as their contents: 10 + 7 + 9 bytes.
        assertThat(layer.get("sizeBytes").asLong()).isEqualTo(26);
        JsonNode full = image(beat, built);
        for (String key : List.of("parent", "title", "note", "source", "createdBy", "createdAt")) {
            assertThat(full.get(key).isNull()).as(key + " of a manifest without it").isTrue();
        }
    }

    /** A version of the office image whose manifest has {@code extra} keys; returns its id. */
    private String version(Map<String, Object> extra) throws IOException, NoSuchAlgorithmException {
        Path version = Files.createDirectories(images.resolve("office/v"));
        Map<String, Object> files = new TreeMap<>();
        for (String f : List.of("base.qcow2", "vmlinuz", "initrd.gz")) {
            Files.writeString(version.resolve(f), f);
            files.put(f, Map.of("sha256", "unchecked-when-listing", "size", f.length()));
        }
        Map<String, Object> m = new TreeMap<>(Map.of("format", 1, "name", "office", "cmdline", "quiet",
                "screen", Map.of("width", 1024, "height", 768), "files", files));
        m.putAll(extra);
        byte[] manifest = json.writeValueAsBytes(m);
        Files.write(version.resolve("manifest.json"), manifest);
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest)).substring(0, 16);
        Files.move(version, images.resolve("office").resolve(id));
        return id;
    }

    private static JsonNode image(JsonNode beat, String id) {
        for (JsonNode i : beat.get("images")) {
            if (i.get("id").asString().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no version " + id + " in " + beat.get("images"));
    }

    @Test
    void aGuestChangingStateIsReportedAtOnceNotAtTheNextInterval() throws Exception {
        engine.put("g-1", GuestState.STARTING, images.resolve("g-1/vnc.sock"));
        join(Duration.ofMinutes(1));
        assertThat(next().get("guests").get(0).get("state").asString()).isEqualTo("STARTING");

        engine.publish("g-1", GuestState.RUNNING);

        assertThat(next().get("guests").get(0).get("state").asString()).isEqualTo("RUNNING");
    }

    @Test
    void guestsTheServerNamesAreKilledAndTheServerHearsSoAtOnce() throws Exception {
        engine.put("g-lost", GuestState.RUNNING, images.resolve("g-lost/vnc.sock"));
        engine.put("g-kept", GuestState.RUNNING, images.resolve("g-kept/vnc.sock"));
        replies.add("{\"state\":\"FENCING\",\"draining\":false,\"fence\":[\"g-lost\"]}");
        join(Duration.ofMinutes(1));
        next();

        JsonNode after = next();

        assertThat(engine.find("g-lost").orElseThrow().state()).isEqualTo(GuestState.FAILED);
        assertThat(engine.find("g-kept").orElseThrow().state()).isEqualTo(GuestState.RUNNING);
        assertThat(after.get("guests").findValuesAsString("state")).contains("FAILED", "RUNNING");
    }

    @Test
    void aServerThatIsAwayIsRetriedWithoutHarmToTheGuests() throws Exception {
        engine.put("g-1", GuestState.RUNNING, images.resolve("g-1/vnc.sock"));
        replies.add("!500");
        join(Duration.ofMillis(200));

        next();
        next();

        assertThat(engine.find("g-1").orElseThrow().state()).isEqualTo(GuestState.RUNNING);
    }

    private void join(Duration interval) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/farm/heartbeat", exchange -> {
            assertThat(exchange.getRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer farm-secret");
            received.add(json.readTree(exchange.getRequestBody().readAllBytes()));
            String reply = replies.poll();
            int status = reply != null && reply.startsWith("!") ? Integer.parseInt(reply.substring(1)) : 200;
            byte[] body = (reply == null ? "{\"state\":\"UP\",\"draining\":false,\"fence\":[]}"
                    : status == 200 ? reply : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        membership = new FarmMembership(url, "farm-secret",
                new FarmMembership.Identity("host-7", URI.create("http://10.0.0.7:8091"), 3000), engine,
                new ImageCatalog(images, json), new PackageCatalog(packages, json)::list, id -> new GuestActivity(1, INPUT),
                () -> new LaunchCounts.Launches(5, 2, 1), json, interval);
        membership.start();
    }

    private JsonNode next() throws InterruptedException {
        JsonNode beat = received.poll(5, TimeUnit.SECONDS);
        assertThat(beat).as("a heartbeat within 5 s").isNotNull();
        return beat;
    }
}
