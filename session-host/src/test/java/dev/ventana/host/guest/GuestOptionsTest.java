package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.rfb.RfbClient;
import dev.ventana.host.testing.ConsoleLog;
import dev.ventana.host.testing.GuestHarness;
import dev.ventana.host.testing.SerialConsole;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start options on real tiny guests, two of one user booted once for the class: the writer
 * runs the image's published "shell" application with outbound NAT and the data disk writable;
 * the reader is the desktop, without network, with the same data disk read-only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestOptionsTest {
    @TempDir
    static Path tmp;
    GuestHarness harness;
    QemuEngine engine;
    GuestInfo writer;
    GuestInfo reader;

    @BeforeAll
    void bootBoth() {
        harness = new GuestHarness(tmp);
        engine = harness.engine();
        writer = engine.start(new GuestSpec("rita", "tiny", null, 256, 1, "shell", GuestNetwork.NAT,
                DataDiskAccess.WRITABLE));
        // The reader starts once the writer's QEMU holds the disk's write lock.
        writer = GuestHarness.awaitState(engine, writer.id(), GuestState.RUNNING, GuestHarness.BOOT);
        reader = engine.start(new GuestSpec("rita", "tiny", null, 256, 1, null, GuestNetwork.NONE,
                DataDiskAccess.READ_ONLY));
        reader = GuestHarness.awaitState(engine, reader.id(), GuestState.RUNNING, GuestHarness.BOOT);
        awaitConsole(writer, "up after");
        awaitConsole(reader, "up after");
    }

    @AfterAll
    void cleanUp() {
        harness.close();
    }

    private static void awaitConsole(GuestInfo guest, String line) {
        ConsoleLog log = new ConsoleLog(guest.paths().consoleLog());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .alias(guest.id() + "'s console shows '" + line + "'").until(() -> log.contains(line));
    }

    @Test
    @Order(1)
    void aNatGuestHasANicWithAnAddressAndANoneGuestHasNone() {
        assertThat(writer.network()).isEqualTo(GuestNetwork.NAT);
        assertThat(reader.network()).isEqualTo(GuestNetwork.NONE);
        awaitConsole(writer, "ventana: network interfaces: eth0 lo");
        awaitConsole(writer, "ventana: eth0 got 10.0.2.15");
        awaitConsole(reader, "ventana: network interfaces: lo \r\n");
    }

    /** User-mode NAT maps the gateway to the host's loopback; the images' route keeps guests off it. */
    @Test
    @Order(1)
    void aNatGuestCannotReachTheHostsLoopbackServices() throws Exception {
        awaitConsole(writer, "ventana: eth0 got 10.0.2.15");
        try (ServerSocket local = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SerialConsole w = new SerialConsole(writer)) {
            assertThat(w.run("nc -w 3 10.0.2.2 " + local.getLocalPort() + " </dev/null"))
                    .contains("can't connect to remote host (10.0.2.2): Permission denied");
        }
    }

    @Test
    @Order(2)
    void aReadOnlyGuestSharesTheDiskOfTheUsersWriterWhichStillWrites() throws Exception {
        assertThat(reader.paths().dataDisk()).isEqualTo(writer.paths().dataDisk());
        assertThat(reader.dataDisk()).isEqualTo(DataDiskAccess.READ_ONLY);
        awaitConsole(writer, "ventana: data disk mounted read-write on /data");
        awaitConsole(reader, "ventana: data disk mounted read-only on /data");
        // One writer per disk: a second writable guest of the user is refused, before any boot.
        assertThatThrownBy(() -> engine.start(GuestHarness.tiny("rita"))).isInstanceOfSatisfying(GuestException.class,
                e -> assertThat(e.reason()).isEqualTo(GuestException.Reason.CONFLICT));

        try (SerialConsole r = new SerialConsole(reader); SerialConsole w = new SerialConsole(writer)) {
            assertThat(r.run("cat /sys/block/vdb/ro; touch /data/from-reader")).contains("Read-only file system");
            assertThat(w.run("echo written > /data/from-writer && sync && cat /data/from-writer")).contains("written");
            assertThat(w.run("ls /data")).contains("from-writer").doesNotContain("from-reader");
        }

        engine.stop(reader.id());
        GuestHarness.awaitState(engine, reader.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        try (SerialConsole w = new SerialConsole(writer)) {
            assertThat(w.run("echo again >> /data/from-writer && sync && cat /data/from-writer")).contains("again");
        }
        assertThat(engine.find(writer.id()).orElseThrow().state()).isEqualTo(GuestState.RUNNING);
    }

    @Test
    @Order(3)
    void anApplicationThatExitsEndsItsGuestStopped() throws Exception {
        assertThat(writer.application()).isEqualTo("shell");
        awaitConsole(writer, "ventana: application shell started");
        RfbClient rfb = harness.screen(writer);
        GuestHarness.awaitPrompt(rfb);

        GuestHarness.run(rfb, "exit");

        GuestInfo stopped = GuestHarness.awaitState(engine, writer.id(), GuestState.STOPPED, Duration.ofSeconds(30));
        assertThat(stopped.reason()).isEqualTo("the guest shut down");
        assertThat(writer.paths().runDir()).doesNotExist();
    }

    @Test
    @Order(4)
    void anApplicationTheImageDoesNotPublishIsRefusedBeforeAnyBoot() {
        assertThatThrownBy(() -> engine.start(new GuestSpec("rita", "tiny", null, 256, 1, "editor", null, null)))
                .isInstanceOfSatisfying(GuestException.class,
                        e -> assertThat(e.reason()).isEqualTo(GuestException.Reason.INVALID))
                .hasMessageContaining("publishes no application 'editor' (it publishes shell)");
    }
}
