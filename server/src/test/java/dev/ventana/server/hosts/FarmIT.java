package dev.ventana.server.hosts;

import dev.ventana.server.SessionHostProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The farm with every part real and in a process of its own: the packaged server with its
 * embedded PostgreSQL, and two packaged session hosts, farm-a and farm-b, booting tiny guests
 * under TCG and sharing one directory of users' data disks, as a farm's hosts share a network
 * file system. FarmTest checks the same bookkeeping against fake hosts; this checks it holds with
 * real heartbeats, real guests and real deaths. One booted farm serves all the steps, in order,
 * and as few guests as possible are booted (seven, at most four at a time).
 *
 * <p>Network namespaces were not used, although root could make them here: the server knows a
 * host only by the URL its heartbeat gives, so two hosts on two loopback ports are two hosts to
 * it, and a dead machine is made by {@code kill -9} of its processes. A cut network would reach
 * the same missed heartbeats, at the price of root and veth plumbing on every build machine.
 */
class FarmIT {
    private static final String ADMIN_PASSWORD = "farm-it-admin-password";
    private static final int GUEST_MIB = 128;
    /**
     * Placement counts each guest's memory plus a QEMU overhead of 128 MiB: room for exactly two guests,
     * without overcommit (the server runs with 1.0), however little the running guests really use.
     */
    private static final int CAPACITY_MIB = 2 * (GUEST_MIB + 128);
    private static final Duration DOWN_AFTER = Duration.ofSeconds(6);
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final String NOTE = "echo kept-$((6*7)) > /data/note && sync && echo WROTE-$(cat /data/note)";

    private Path work;
    private ServerProcess server;
    private SessionHostProcess a;
    private SessionHostProcess b;
    private FarmApi api;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final long started = System.nanoTime();

    @BeforeEach
    void startFarm() throws Exception {
        // Short names: QEMU's unix socket paths under the run directories must stay under 108 bytes.
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "farm-");
        server = new ServerProcess(work.resolve("server/data"), SessionHostProcess.FARM_TOKEN, ADMIN_PASSWORD, List.of(
                "--ventana.default-pool.image=tiny", "--ventana.default-pool.memory-mib=" + GUEST_MIB,
                "--ventana.hosts.down-after=" + DOWN_AFTER.toSeconds() + "s", "--ventana.hosts.memory-overcommit=1.0"));
        a = host("farm-a");
        b = host("farm-b");
        a.awaitReady();
        b.awaitReady();
        server.awaitHealthy(Duration.ofSeconds(120));
        api = new FarmApi(server.port(), ADMIN_PASSWORD);
        step("farm started");
    }

    private SessionHostProcess host(String name) throws IOException {
        return SessionHostProcess.launch(new SessionHostProcess.Settings(name, work.resolve(name.substring(5)),
                work.resolve("data"), server.port(), List.of("--ventana.host.capacity-mib=" + CAPACITY_MIB)));
    }

    @Test
    void sessionsArePlacedByRoomFollowTheirDataAndSurviveTheDeathOfAHostOnlyAsLost() throws Exception {
        // 1. Both hosts join by their heartbeats and are UP; the default pool is published from their images.
        await("both hosts UP", Duration.ofSeconds(60), () -> up("farm-a") && up("farm-b"));
        JsonNode hostA = api.host("farm-a");
        assertThat(hostA.get("capacityMib").asInt()).isEqualTo(CAPACITY_MIB);
        assertThat(hostA.get("url").asString()).isEqualTo(a.url().toString());
        for (int i = 1; i <= 5; i++) {
            tokens.put("farm-user" + i, api.newUser("farm-user" + i));
        }
        await("the default pool published", Duration.ofSeconds(30), () -> api.desktopAvailable(token("farm-user1")));
        step("1: both hosts UP");

        // 2. Four launches fill the farm two and two, and run.
        Map<String, UUID> sessions = new LinkedHashMap<>();
        for (String user : List.of("farm-user1", "farm-user2", "farm-user3", "farm-user4")) {
            sessions.put(user, api.launched(token(user)));
        }
        List<String> onA = FarmApi.liveUsers(a);
        List<String> onB = FarmApi.liveUsers(b);
        assertThat(onA).hasSize(2);
        assertThat(onB).hasSize(2).doesNotContainAnyElementsOf(onA);
        await("four sessions RUNNING", BOOT, () -> sessions.entrySet().stream()
                .allMatch(s -> api.state(token(s.getKey()), s.getValue()).equals("RUNNING")));
        step("2: four sessions RUNNING, " + onA + " on farm-a, " + onB + " on farm-b");

        // 3. A fifth launch finds no room and says so at once.
        assertNoCapacity("farm-user5");
        step("3: no capacity for a fifth");

        // 4. Data follows the user: a file written on farm-a is there in the next session, on farm-b.
        String writer = onA.getFirst();
        String stayer = onA.getLast();
        String leaver = onB.getFirst();
        String other = onB.getLast();
        SerialConsole.run(guestDir(a, writer), NOTE, "WROTE-kept-42", Duration.ofSeconds(60));
        api.logOff(token(writer), sessions.get(writer));
        api.logOff(token(leaver), sessions.get(leaver)); // room on farm-b
        await("both logged off", Duration.ofSeconds(60), () -> api.state(token(writer), sessions.get(writer)).equals("STOPPED")
                && api.state(token(leaver), sessions.get(leaver)).equals("STOPPED"));
        assertThat(api.drain("farm-a", true)).isEqualTo("DRAINING");
        sessions.put(writer, api.launched(token(writer)));
        assertThat(FarmApi.liveUsers(b)).containsExactlyInAnyOrder(writer, other);
        await("the writer's new session RUNNING on farm-b", BOOT,
                () -> api.state(token(writer), sessions.get(writer)).equals("RUNNING"));
        SerialConsole.run(guestDir(b, writer), "echo FOUND-$(cat /data/note)", "FOUND-kept-42", Duration.ofSeconds(60));
        step("4: the file written on farm-a was read on farm-b");

        // 5. The drained host has room for one more, yet takes no new session; its own session runs on.
        assertThat(FarmApi.liveUsers(a)).containsExactly(stayer);
        assertNoCapacity("farm-user5");
        assertThat(FarmApi.liveUsers(a)).containsExactly(stayer);
        assertThat(api.state(token(stayer), sessions.get(stayer))).isEqualTo("RUNNING");
        assertThat(server.audit("host.drained", "farm-a")).hasSize(1);
        assertThat(api.drain("farm-a", false)).isEqualTo("UP");
        step("5: the drained farm-a took no new session");

        // 6. farm-b's machine dies (its JVM and its guests): DOWN in time, its sessions LOST, launches go to farm-a.
        long killed = System.nanoTime();
        b.killMachine();
        await("farm-b DOWN", DOWN_AFTER.plusSeconds(5), () -> api.hostState("farm-b").equals("DOWN"));
        Duration noticed = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(noticed).as("not before down-after, less the heartbeat interval").isGreaterThan(DOWN_AFTER.minusSeconds(2));
        for (String user : List.of(writer, other)) {
            assertLost(user, sessions.get(user), "farm-b");
        }
        assertThat(server.audit("host.down", "farm-b")).hasSize(1);
        sessions.put(writer, api.launched(token(writer)));
        assertThat(FarmApi.liveUsers(a)).containsExactlyInAnyOrder(stayer, writer);
        await("the writer's session RUNNING on farm-a", BOOT,
                () -> api.state(token(writer), sessions.get(writer)).equals("RUNNING"));
        step("6: farm-b DOWN after " + noticed.toMillis() + " ms, its sessions LOST, the next launch on farm-a");

        // 7. farm-a's JVM dies but its guests run on; started again, it re-adopts them, its first heartbeat
        //    gets them fenced, and only once they are gone is it UP again.
        Map<String, ProcessHandle> orphans = new LinkedHashMap<>();
        FarmApi.liveGuests(a).forEach(g -> orphans.put(g.get("id").asString(),
                ProcessHandle.of(g.get("pid").asLong()).orElseThrow()));
        assertThat(orphans).hasSize(2);
        a.killHost();
        assertThat(orphans.values()).as("the guests outlive their host").allMatch(ProcessHandle::isAlive);
        await("farm-a DOWN", DOWN_AFTER.plusSeconds(5), () -> api.hostState("farm-a").equals("DOWN"));
        for (String user : List.of(stayer, writer)) {
            assertLost(user, sessions.get(user), "farm-a");
        }
        assertThat(orphans.values()).as("DOWN is the server's view: the guests still run").allMatch(ProcessHandle::isAlive);
        a.restart();
        Set<String> seen = awaitUpAfterFencing(orphans.values());
        assertThat(seen).as("states farm-a went through").first().isEqualTo("DOWN");
        assertThat(a.log()).contains(orphans.keySet().stream().map(id -> "re-adopted guest " + id).toList())
                .contains(orphans.keySet().stream().map(id -> "fencing guest " + id).toList());
        // host.back is written by the first heartbeat after DOWN, with what that heartbeat's answer fenced.
        List<String> back = server.audit("host.back", "farm-a");
        assertThat(back).hasSize(1);
        assertThat(back.getFirst()).contains(orphans.keySet());
        assertThat(a.guests()).isEmpty();
        assertThat(FarmApi.liveGuests(a)).isEmpty();
        step("7: farm-a back, went through " + seen + ", its orphaned guests fenced before UP");
    }

    /** Polls farm-a's state until UP; by then the guests must be gone. Returns the states seen, in order. */
    private Set<String> awaitUpAfterFencing(Collection<ProcessHandle> orphans) throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String state = api.hostState("farm-a");
            seen.add(state);
            if (state.equals("UP")) {
                assertThat(orphans).as("farm-a is UP only once its lost sessions' guests are gone; states " + seen)
                        .noneMatch(ProcessHandle::isAlive);
                return seen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("farm-a not UP again within 90 s; states " + seen + logs());
    }

    private void assertNoCapacity(String user) {
        long asked = System.nanoTime();
        HttpResponse<String> refused = api.launch(token(user));
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.body()).contains("\"error\":\"UNAVAILABLE\"", "no capacity");
        assertThat(took).as("refused at once").isLessThan(Duration.ofSeconds(3));
    }

    /** The session is LOST, says why in plain words, and gets no display ticket. */
    private void assertLost(String user, UUID session, String host) {
        JsonNode lost = api.session(token(user), session);
        assertThat(lost.get("state").asString()).isEqualTo("LOST");
        assertThat(lost.get("failureReason").asString()).contains("session host " + host + " stopped responding");
        HttpResponse<String> ticket = api.ticket(token(user), session);
        assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(409);
        assertThat(FarmApi.json(ticket.body()).get("detail").asString())
                .contains(host + " stopped responding", "Open the desktop again", "your files are kept");
    }

    private boolean up(String host) {
        try {
            return api.hostState(host).equals("UP");
        } catch (AssertionError notRegisteredYet) {
            return false;
        }
    }

    private static Path guestDir(SessionHostProcess host, String user) {
        return host.runDir().resolve(FarmApi.guestOf(host, user));
    }

    private String token(String user) {
        return tokens.get(user);
    }

    private void step(String what) {
        System.out.printf("FarmIT %5.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        FarmWait.until(what, within, done, this::logs);
    }

    private String logs() {
        List<String> parts = new ArrayList<>();
        parts.add("\n--- server:\n" + FarmWait.tail(server.log()));
        for (SessionHostProcess host : List.of(a, b)) {
            try {
                parts.add("\n--- host " + host.url() + ":\n" + FarmWait.tail(host.log()));
            } catch (IOException e) {
                parts.add(e.toString());
            }
        }
        return String.join("", parts);
    }

    @AfterEach
    void stopFarm() throws Exception {
        for (SessionHostProcess host : new SessionHostProcess[] {a, b}) {
            if (host != null) {
                host.close();
            }
        }
        if (server != null) {
            server.close();
        }
        step("farm stopped");
    }
}
