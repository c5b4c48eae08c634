package dev.ventana.host.rfb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a scripted server on a unix socket; the real QEMU server is tested in guest tests. */
class RfbClientTest {
    @TempDir
    Path tmp;
    Path socket;
    ServerSocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        socket = tmp.resolve("s/vnc.sock");
        java.nio.file.Files.createDirectories(socket.getParent());
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** A fake server conversation: runs on its own thread with the accepted connection. */
    interface Script {
        void run(SocketChannel c, DataInputStream in) throws Exception;
    }

    private CompletableFuture<Void> serve(Script script) {
        // A thread of its own: the common pool has one thread on two cores, and a script still
        // blocked from an earlier test would starve this one (and hang the client's handshake).
        return CompletableFuture.runAsync(() -> {
            try (SocketChannel c = server.accept()) {
                script.run(c, new DataInputStream(Channels.newInputStream(c)));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, task -> Thread.ofVirtual().name("fake-vnc-server").start(task));
    }

    private static void send(SocketChannel c, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            c.write(buf);
        }
    }

    private static byte[] greeting(int width, int height) {
        return new RfbBytes().raw("RFB 003.008\n".getBytes()).u8(1).u8(1).s32(0)
                .u16(width).u16(height).raw(new byte[16]).s32(4).raw("fake".getBytes()).bytes();
    }

    @Test
    void handshakeSetsPixelFormatAndEncodingsThenFollowsUpdatesAndSendsInput() throws Exception {
        List<Rect> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<byte[]> input = new CompletableFuture<>();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        CompletableFuture<Void> done = serve((c, in) -> {
            send(c, greeting(8, 4));
            byte[] clientStart = in.readNBytes(12 + 1 + 1 + 20 + 4 + 16 + 10);
            listening.get(5, TimeUnit.SECONDS); // the update must not overtake the test's listener
            send(c, new RfbBytes().updateHeader(2).rect(0, 0, 0, 0, -258).rect(2, 1, 1, 1, 0).pixels(0xff8800).bytes());
            in.readNBytes(10); // the incremental update request that follows every update
            input.complete(concat(clientStart, in.readNBytes(12 + 6)));
            in.readNBytes(1); // waits for the client to close
        });
        RfbClient client = RfbClient.connect(socket);
        client.addListener((fb, changed, resized) -> seen.addAll(changed));
        listening.complete(null);
        assertThat(client.desktopName()).isEqualTo("fake");
        await().atMost(Duration.ofSeconds(5)).until(client::extendedKeys);
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
        assertThat(seen).containsExactly(new Rect(2, 1, 1, 1));
        assertThat(client.framebuffer().snapshot().pixel(2, 1)).isEqualTo(0xffff8800);

        client.key(0xe01c, 0xff8d, true); // keypad Enter: an E0-prefixed key
        client.pointer(9, 2, 1);
        byte[] bytes = input.get(5, TimeUnit.SECONDS);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertThat(new String(bytes, 0, 12)).isEqualTo("RFB 003.008\n");
        b.position(12);
        assertThat(b.get()).as("security None").isEqualTo((byte) 1);
        assertThat(b.get()).as("shared").isEqualTo((byte) 1);
        assertThat(b.get()).as("SetPixelFormat").isEqualTo((byte) 0);
        b.position(b.position() + 3);
        assertThat(new byte[] {b.get(), b.get(), b.get(), b.get()}).containsExactly(32, 24, 0, 1);
        assertThat(new short[] {b.getShort(), b.getShort(), b.getShort()}).containsExactly(255, 255, 255);
        assertThat(new byte[] {b.get(), b.get(), b.get()}).containsExactly(16, 8, 0);
        b.position(b.position() + 3);
        assertThat(b.get()).as("SetEncodings").isEqualTo((byte) 2);
        b.get();
        assertThat(b.getShort()).isEqualTo((short) 4);
        assertThat(new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt()}).containsExactly(0, -223, -258, 0xC0A1E5CE);
        assertThat(b.get()).as("FramebufferUpdateRequest").isEqualTo((byte) 3);
        assertThat(b.get()).as("first request is not incremental").isEqualTo((byte) 0);
        assertThat(new short[] {b.getShort(), b.getShort(), b.getShort(), b.getShort()}).containsExactly(0, 0, 8, 4);
        assertThat(b.get()).as("QEMU client message").isEqualTo((byte) 255);
        assertThat(b.get()).as("extended key event").isEqualTo((byte) 0);
        assertThat(b.getShort()).as("down").isEqualTo((short) 1);
        assertThat(b.getInt()).isEqualTo(0xff8d);
        assertThat(b.getInt()).as("E0 prefix folded into the high bit").isEqualTo(0x9c);
        assertThat(b.get()).as("PointerEvent").isEqualTo((byte) 5);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.getShort()).as("x clamped into the screen").isEqualTo((short) 7);
        assertThat(b.getShort()).isEqualTo((short) 2);
        client.close();
        done.get(5, TimeUnit.SECONDS);
        assertThat(client.closed()).isCompleted();
    }

    @Test
    void aRefreshNudgeIsTheReleaseOfKeyNumberZeroAndOnlySentWithExtendedKeys() throws Exception {
        CompletableFuture<byte[]> nudge = new CompletableFuture<>();
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        serve((c, in) -> {
            send(c, greeting(8, 4));
            in.readNBytes(12 + 1 + 1 + 20 + 4 + 16 + 10);
            acknowledged.get(5, TimeUnit.SECONDS);
            send(c, new RfbBytes().updateHeader(1).rect(0, 0, 0, 0, -258).bytes());
            in.readNBytes(10);
            nudge.complete(in.readNBytes(12));
            in.readNBytes(1);
        });
        RfbClient client = RfbClient.connect(socket);
        client.nudgeRefresh(); // not yet acknowledged: nothing goes out, or the server would read it first
        acknowledged.complete(null);
        await().atMost(Duration.ofSeconds(5)).until(client::extendedKeys);
        client.nudgeRefresh();
        assertThat(nudge.get(5, TimeUnit.SECONDS)).containsExactly(255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        client.close();
    }

    @Test
    void malformedUpdateClosesTheConnectionWithAClearError() throws Exception {
        serve((c, in) -> {
            send(c, greeting(8, 4));
            send(c, new RfbBytes().updateHeader(1).rect(6, 0, 4, 1, 0).bytes());
            in.readAllBytes();
        });
        RfbClient client = RfbClient.connect(socket);
        assertThat(client.closed()).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .withMessageContaining("outside the 8x4 framebuffer");
    }

    @Test
    void aServerWithoutSecurityNoneIsRefused() {
        serve((c, in) -> {
            send(c, new RfbBytes().raw("RFB 003.008\n".getBytes()).u8(1).u8(2).bytes());
            in.readAllBytes();
        });
        assertThatThrownBy(() -> RfbClient.connect(socket)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("does not offer security type None");
    }

    @Test
    void aRefusalReasonIsReported() {
        serve((c, in) -> {
            send(c, new RfbBytes().raw("RFB 003.008\n".getBytes()).u8(0).s32(9).raw("too many!".getBytes()).bytes());
            in.readAllBytes();
        });
        assertThatThrownBy(() -> RfbClient.connect(socket)).hasMessageContaining("too many!");
    }

    @Test
    void oldProtocolVersionsAndNonRfbServersAreRefused() {
        serve((c, in) -> send(c, "RFB 003.003\n".getBytes()));
        assertThatThrownBy(() -> RfbClient.connect(socket)).hasMessageContaining("needs 3.8");
    }

    @Test
    void notAnRfbServer() {
        serve((c, in) -> send(c, "HTTP/1.1 400 \r\n\r\n".getBytes()));
        assertThatThrownBy(() -> RfbClient.connect(socket)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("not an RFB server");
    }

    @Test
    void anOversizedDesktopOrNameIsRefusedInTheHandshake() {
        serve((c, in) -> {
            send(c, new RfbBytes().raw("RFB 003.008\n".getBytes()).u8(1).u8(1).s32(0)
                    .u16(100).u16(100).raw(new byte[16]).s32(0x7fffffff).bytes());
            in.readAllBytes();
        });
        assertThatThrownBy(() -> RfbClient.connect(socket)).hasMessageContaining("desktop name of 2147483647 bytes");
    }

    /** Found fuzzing the handshake: the server's own words reached the log with their control characters. */
    @Test
    void aRefusalsReasonIsEscapedForTheLog() {
        serve((c, in) -> {
            byte[] reason = "no\nFAKE LOG LINE\u001b[2J".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            send(c, new RfbBytes().raw("RFB 003.008\n".getBytes()).u8(0).s32(reason.length).raw(reason).bytes());
            in.readAllBytes();
        });
        assertThatThrownBy(() -> RfbClient.connect(socket)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("\"no\\x0aFAKE LOG LINE\\x1b[2J\"");
    }

    @Test
    void aServerThatAcceptsButNeverSpeaksTimesOut() {
        CompletableFuture<Void> silent = new CompletableFuture<>();
        serve((c, in) -> silent.join());
        try {
            assertThatThrownBy(() -> RfbClient.connect(socket)).isInstanceOf(IOException.class)
                    .hasMessageContaining("did not complete the handshake");
        } finally {
            silent.complete(null);
        }
    }

    @Test
    void aDeadServerIsAnEndOfStream() {
        serve((c, in) -> send(c, "RFB 003.008\n".getBytes()));
        assertThatThrownBy(() -> RfbClient.connect(socket)).isInstanceOf(IOException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
