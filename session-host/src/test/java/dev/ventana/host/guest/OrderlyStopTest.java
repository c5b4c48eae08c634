package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Each step of the escalation against a scripted QMP server and a real process standing in for QEMU. */
class OrderlyStopTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path tmp;
    final ObjectMapper json = JsonMapper.builder().build();
    final OrderlyStop stop = new OrderlyStop(SHORT, SHORT, Duration.ofSeconds(5));
    final List<String> commands = new CopyOnWriteArrayList<>();
    final CompletableFuture<GuestInfo> ended = new CompletableFuture<>();
    ServerSocketChannel server;
    Process qemu;

    @BeforeEach
    void start() throws IOException {
        qemu = new ProcessBuilder("sleep", "60").start();
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(tmp.resolve("qmp.sock")));
    }

    @AfterEach
    void cleanUp() throws IOException {
        qemu.destroyForcibly();
        server.close();
    }

    /** Answers every command; {@code endsOn} is the command that makes the guest end. */
    private QmpConnection qmpThatEndsOn(String endsOn) throws IOException {
        return qmpThatEndsOn(endsOn, 1);
    }

    /** As above, the guest ending on the {@code nth} time the command comes. */
    private QmpConnection qmpThatEndsOn(String endsOn, int nth) throws IOException {
        Thread.ofVirtual().name("fake-qmp").start(() -> {
            try (SocketChannel c = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                        StandardCharsets.UTF_8));
                Writer out = Channels.newWriter(c, StandardCharsets.UTF_8);
                out.write("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n");
                out.flush();
                for (String line; (line = in.readLine()) != null; ) {
                    JsonNode request = json.readTree(line);
                    String command = request.path("execute").asString();
                    commands.add(command);
                    out.write(json.writeValueAsString(Map.of("return", Map.of(), "id", request.path("id").asString()))
                            + "\n");
                    out.flush();
                    if (command.equals(endsOn) && commands.stream().filter(endsOn::equals).count() == nth) {
                        ended.complete(null);
                    }
                }
            } catch (IOException e) {
                // The test closed the connection.
            }
        });
        return QmpConnection.open(tmp.resolve("qmp.sock"), json, event -> { }, Duration.ofSeconds(5));
    }

    @Test
    void aGuestThatPowersOffEndsTheStopAtTheFirstStep() throws Exception {
        try (QmpConnection qmp = qmpThatEndsOn("system_powerdown")) {
            stop.run("g-1", qmp, qemu.toHandle(), ended);
        }
        assertThat(commands).containsExactly("qmp_capabilities", "system_powerdown");
        assertThat(qemu.isAlive()).isTrue();
    }

    @Test
    void aGuestThatIgnoresThePowerButtonIsQuit() throws Exception {
        long start = System.nanoTime();
        try (QmpConnection qmp = qmpThatEndsOn("quit")) {
            stop.run("g-1", qmp, qemu.toHandle(), ended);
        }
        assertThat(commands).containsExactly("qmp_capabilities", "system_powerdown", "quit");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
        assertThat(qemu.isAlive()).isTrue();
    }

    @Test
    void aQemuThatIgnoresQuitIsKilled() throws Exception {
        qemu.onExit().thenRun(() -> ended.complete(null));
        try (QmpConnection qmp = qmpThatEndsOn("nothing")) {
            stop.run("g-1", qmp, qemu.toHandle(), ended);
        }
        assertThat(commands).containsExactly("qmp_capabilities", "system_powerdown", "quit");
        assertThat(qemu.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ended).isDone();
    }

    @Test
    void theSealsPowerButtonIsPressedAgainUntilTheGuestListens() throws Exception {
        try (QmpConnection qmp = qmpThatEndsOn("system_powerdown", 3)) {
            assertThat(PowerButton.pressUntilEnded(qmp, ended, Duration.ofSeconds(5), Duration.ofMillis(100))).isTrue();
        }
        assertThat(commands).containsExactly("qmp_capabilities", "system_powerdown", "system_powerdown",
                "system_powerdown");
    }

    @Test
    void theSealsPowerButtonGivesUpAtItsTimeout() throws Exception {
        long start = System.nanoTime();
        try (QmpConnection qmp = qmpThatEndsOn("nothing")) {
            assertThat(PowerButton.pressUntilEnded(qmp, ended, SHORT, Duration.ofMillis(100))).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(SHORT, Duration.ofSeconds(3));
        assertThat(commands).filteredOn("system_powerdown"::equals).hasSizeBetween(2, 4);
        assertThat(qemu.isAlive()).as("nothing harsher than the button").isTrue();
    }

    @Test
    void withoutQmpOnlyTheKillIsLeft() throws Exception {
        qemu.onExit().thenRun(() -> ended.complete(null));
        long start = System.nanoTime();
        stop.run("g-1", null, qemu.toHandle(), ended);
        assertThat(qemu.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
