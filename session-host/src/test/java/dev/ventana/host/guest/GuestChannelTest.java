package dev.ventana.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's end of the guest channel against a socket this test plays the guest on: what it takes and what it refuses. */
class GuestChannelTest {
    @TempDir
    Path tmp;

    @Test
    void parsesTheGuestsWordsAndEndsAtBrokenOnes() {
        assertThat(GuestChannel.parse(bytes("READY 3.52"))).isEqualTo(new GuestChannel.Message.Ready(3.52));
        assertThat(GuestChannel.parse(bytes("CLOCK-SET 1780000000 "))).isEqualTo(new GuestChannel.Message.ClockSet(1780000000));
        assertThat(GuestChannel.parse(bytes("SESSION-STARTED 0.46"))).isEqualTo(new GuestChannel.Message.SessionStarted(0.46));
        assertThat(GuestChannel.parse(bytes("SESSION-STARTED 0.46 packages-missing=calc,demo future=1")))
                .isEqualTo(new GuestChannel.Message.SessionStarted(0.46, List.of("calc", "demo")));
        assertThat(GuestChannel.parse(bytes("SESSION-FAILED no-data-disk")))
                .isEqualTo(new GuestChannel.Message.SessionFailed("no-data-disk"));
        assertThat(GuestChannel.parse(bytes("HELLO there"))).isEqualTo(new GuestChannel.Message.Unknown("HELLO there"));
        assertThat(GuestChannel.parse(bytes(""))).isEqualTo(new GuestChannel.Message.Unknown(""));
        for (String broken : new String[] {"READY", "READY soon", "READY NaN", "READY -1", "CLOCK-SET 1e9",
                "SESSION-STARTED", "SESSION-STARTED later", "SESSION-STARTED 1.0 packages-missing=../x"}) {
            assertThat(GuestChannel.parse(bytes(broken))).as(broken).isInstanceOf(GuestChannel.Message.Closed.class);
        }
        assertThat(GuestChannel.parse(new byte[] {'R', (byte) 0xC3, 0x28})).isEqualTo(
                new GuestChannel.Message.Closed("the guest sent a line that is not UTF-8"));
    }

    @Test
    void parsesThePackagingWordsAndEndsAtBrokenOnes() {
        assertThat(GuestChannel.parse(bytes("PACKAGE-ENTRY gimp.desktop|GNU Image Manipulation Program|gimp-2.10|gimp")))
                .isEqualTo(new GuestChannel.Message.PackageEntry("gimp.desktop", "GNU Image Manipulation Program",
                        "gimp-2.10", "gimp"));
        assertThat(GuestChannel.parse(bytes("PACKAGE-ENTRY x.desktop|||")))
                .isEqualTo(new GuestChannel.Message.PackageEntry("x.desktop", "", "", ""));
        assertThat(GuestChannel.parse(bytes("PACKAGE-SCANNED 0"))).isEqualTo(new GuestChannel.Message.PackageScanned(0));
        assertThat(GuestChannel.parse(bytes("PACKAGE-SCANNED 12"))).isEqualTo(new GuestChannel.Message.PackageScanned(12));
        assertThat(GuestChannel.parse(bytes("PACKAGE-SEALED 4096 debian-12")))
                .isEqualTo(new GuestChannel.Message.PackageSealed(4096, "debian-12"));
        assertThat(GuestChannel.parse(bytes("PACKAGE-SEALED 123456789012 debian-12")))
                .isEqualTo(new GuestChannel.Message.PackageSealed(123456789012L, "debian-12"));
        assertThat(GuestChannel.parse(bytes("PACKAGE-FAILED no-changes")))
                .isEqualTo(new GuestChannel.Message.PackageFailed("no-changes"));
        for (String broken : new String[] {"PACKAGE-ENTRY", "PACKAGE-ENTRY a|b|c", "PACKAGE-ENTRY a|b|c|d|e",
                "PACKAGE-ENTRY |Name|cmd|icon", "PACKAGE-ENTRY ../x|n|c|i", "PACKAGE-ENTRY ..|n|c|i",
                "PACKAGE-SCANNED", "PACKAGE-SCANNED -1", "PACKAGE-SCANNED many", "PACKAGE-SEALED",
                "PACKAGE-SEALED 4096", "PACKAGE-SEALED 0 debian-12", "PACKAGE-SEALED -5 debian-12",
                "PACKAGE-SEALED big debian-12", "PACKAGE-SEALED 4096 debian 12", "PACKAGE-SEALED 4096 deb/ian",
                "PACKAGE-FAILED", "PACKAGE-FAILED two words", "PACKAGE-FAILED <script>"}) {
            assertThat(GuestChannel.parse(bytes(broken))).as(broken).isInstanceOf(GuestChannel.Message.Closed.class);
        }
    }

    @Test
    void talksBothWaysAndLetsGoOfAGuestThatSendsAnEndlessLine() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (GuestChannel channel = GuestChannel.connect(socket, Duration.ofSeconds(2));
                 SocketChannel guest = server.accept()) {
                write(guest, "UNKNOWN-VERB x\nREADY 1.5\n");
                assertThat(channel.next(Duration.ofSeconds(5))).get().isInstanceOf(GuestChannel.Message.Unknown.class);
                assertThat(channel.next(Duration.ofSeconds(5))).contains(new GuestChannel.Message.Ready(1.5));
                channel.send("CLOCK", "1780000000");
                ByteBuffer heard = ByteBuffer.allocate(64);
                guest.read(heard);
                assertThat(new String(heard.array(), 0, heard.position(), StandardCharsets.UTF_8)).isEqualTo("CLOCK 1780000000\n");
                write(guest, "x".repeat(GuestChannel.MAX_LINE + 1));
                assertThat(channel.next(Duration.ofSeconds(5))).contains(new GuestChannel.Message.Closed(
                        "the guest sent a line of over " + GuestChannel.MAX_LINE + " bytes"));
            }
        }
    }

    @Test
    void aGuestThatFloodsTheChannelLosesIt() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (GuestChannel channel = GuestChannel.connect(socket, Duration.ofSeconds(2));
                 SocketChannel guest = server.accept()) {
                write(guest, "READY 1\n".repeat(GuestChannel.MAX_QUEUED + 10));
                Thread.sleep(500); // nobody reads meanwhile: the reader fills the queue and overflows it
                GuestChannel.Message last = null;
                for (int i = 0; i <= GuestChannel.MAX_QUEUED; i++) {
                    last = channel.next(Duration.ofSeconds(5)).orElseThrow();
                    if (last instanceof GuestChannel.Message.Closed) {
                        break;
                    }
                }
                assertThat(last).isEqualTo(new GuestChannel.Message.Closed(
                        "the guest sent over " + GuestChannel.MAX_QUEUED + " messages unread"));
            }
        }
    }

    @Test
    void noSocketIsAClearErrorAfterTheWait() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GuestChannel.connect(tmp.resolve("none.sock"),
                Duration.ofMillis(300))).isInstanceOf(IOException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(SocketChannel to, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            to.write(b);
        }
    }
}
