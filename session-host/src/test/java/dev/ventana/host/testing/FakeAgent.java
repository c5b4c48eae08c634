package dev.ventana.host.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A guest's agent played on a guest channel's Unix socket, one connection after the other as
 * QEMU accepts them: it answers HELLO with READY and every other line with what {@code answers}
 * gives (no lines: silence). {@link #heard} keeps every line the host sent. {@link #leftovers}, when
 * set, are sent first on each connection, as a real guest's channel delivers what its agent said
 * while no host was connected.
 */
public final class FakeAgent implements AutoCloseable {
    public final List<String> heard = new CopyOnWriteArrayList<>();
    public volatile List<String> leftovers = List.of();
    private final ServerSocketChannel server;
    private final Function<String, List<String>> answers;
    private final Thread thread;

    public FakeAgent(Path socket, Function<String, List<String>> answers) throws IOException {
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.answers = answers;
        this.thread = Thread.ofVirtual().name("fake-agent").start(this::serve);
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel host = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(host),
                         StandardCharsets.UTF_8))) {
                write(host, leftovers);
                String line;
                while ((line = in.readLine()) != null) {
                    heard.add(line);
                    write(host, line.startsWith("HELLO ") ? List.of("READY 12.5") : answers.apply(line));
                }
            } catch (IOException e) {
                // closed, or the host went away: the next connection, if any
            }
        }
    }

    private static void write(SocketChannel host, List<String> lines) throws IOException {
        for (String r : lines) {
            ByteBuffer b = ByteBuffer.wrap((r + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                host.write(b);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
