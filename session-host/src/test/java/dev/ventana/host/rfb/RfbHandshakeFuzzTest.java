package dev.ventana.host.rfb;

import dev.ventana.host.fuzz.Budget;
import dev.ventana.host.fuzz.HostileBytes;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hostile bytes in the RFB handshake (docs/benchmarks.md, "Hostile bytes: fuzz runs"): a server on a
 * unix socket says a mutated greeting, security negotiation and ServerInit, then closes; the
 * client connects or refuses with an IOException, nothing else, in bounded time and memory. A
 * socket per input makes this the slowest of the decoder's fuzz runs. Tries: jqwik's default;
 * bench/fuzz/run.sh raises them.
 */
class RfbHandshakeFuzzTest {
    private static final RfbLimits LIMITS = new RfbLimits(1024, 768, 64, 4096);
    private static final Budget BUDGET = new Budget(Duration.ofSeconds(2), 16L << 20, t -> t instanceof IOException);
    private static Path dir;
    private static Path socket;
    private static ServerSocketChannel server;

    @BeforeContainer
    static void listen() throws IOException {
        dir = Files.createTempDirectory("rfb-fuzz");
        socket = dir.resolve("vnc.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterContainer
    static void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    @Property
    void mutatedHandshakes(@ForAll("handshakes") byte[] said) {
        BUDGET.check(said, () -> {
            CompletableFuture<Void> served = serve(said);
            try {
                RfbClient.connect(socket, LIMITS).close();
            } finally {
                served.join();
            }
        });
    }

    /** Says the bytes, closes its side, and reads whatever the client writes until it closes too. */
    private static CompletableFuture<Void> serve(byte[] said) {
        return CompletableFuture.runAsync(() -> {
            try (SocketChannel c = server.accept()) {
                ByteBuffer out = ByteBuffer.wrap(said);
                while (out.hasRemaining()) {
                    c.write(out);
                }
                c.shutdownOutput();
                ByteBuffer sink = ByteBuffer.allocate(4096);
                while (c.read(sink.clear()) >= 0) {
                    // the client's version, security type, init, pixel format and encodings
                }
            } catch (IOException e) {
                // the client closed first: its end of the conversation, not a finding
            }
        }, task -> Thread.ofVirtual().name("hostile-vnc-server").start(task));
    }

    @Provide
    Arbitrary<byte[]> handshakes() {
        byte[] init = new RfbBytes().u16(640).u16(480).raw(new byte[16]).s32(4).raw("fake".getBytes(StandardCharsets.UTF_8))
                .bytes();
        byte[] update = new RfbBytes().updateHeader(1).rect(0, 0, 1, 1, 0).pixels(0xffffff).bytes();
        return HostileBytes.mutationsOf(List.of(
                new RfbBytes().raw(version("003.008")).u8(1).u8(1).s32(0).raw(init).bytes(),
                new RfbBytes().raw(version("003.008")).u8(2).u8(2).u8(1).s32(0).raw(init).raw(update).bytes(),
                new RfbBytes().raw(version("003.008")).u8(0).s32(6).raw("go away".getBytes(StandardCharsets.UTF_8)).bytes(),
                new RfbBytes().raw(version("003.008")).u8(1).u8(1).s32(1).s32(3).raw("no!".getBytes(StandardCharsets.UTF_8))
                        .bytes()), 2048);
    }

    private static byte[] version(String v) {
        return ("RFB " + v + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
