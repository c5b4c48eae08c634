package dev.ventana.host.dbus;

import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Hands QEMU's D-Bus display one end of a socket pair, on the guest's display monitor (a QMP
 * monitor of its own, so the guest's main QMP connection stays the JDK's): {@code getfd} with the
 * descriptor passed alongside (SCM_RIGHTS, which the JDK's unix sockets cannot send), then
 * {@code add_client protocol=@dbus-display}. QEMU then serves {@code org.qemu.Display1} on it,
 * peer to peer. One connection per call, closed after.
 */
public final class DisplayHandoff {
    private static final String FD_NAME = "ventana-dbus";

    private final ObjectMapper json = new ObjectMapper();

    /**
     * Passes {@code qemuEnd} to the QEMU whose display monitor listens on {@code monitor}, within
     * {@code timeout}: a monitor that stops answering has its socket closed, which ends the read.
     */
    public void handOver(Path monitor, FileDescriptor qemuEnd, Duration timeout) throws IOException {
        try (AFUNIXSocketChannel qmp = AFUNIXSocketChannel.open(AFUNIXSocketAddress.of(monitor))) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> {
                closeQuietly(qmp);
                return null;
            });
            try {
                talk(qmp, qemuEnd);
            } catch (IOException e) {
                throw done.isCompletedExceptionally()
                        ? new IOException("display monitor " + monitor + " silent for " + timeout.toMillis() + " ms", e)
                        : e;
            } finally {
                done.complete(null);
            }
        }
    }

    private static void closeQuietly(AFUNIXSocketChannel qmp) {
        try {
            qmp.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    private void talk(AFUNIXSocketChannel qmp, FileDescriptor qemuEnd) throws IOException {
        LineReader in = new LineReader(qmp);
        if (!json.readTree(in.line()).has("QMP")) {
            throw new IOException("not a QMP monitor");
        }
        execute(qmp, in, "{\"execute\":\"qmp_capabilities\"}");
        qmp.setOutboundFileDescriptors(qemuEnd); // with the next write: getfd's
        execute(qmp, in, "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"" + FD_NAME + "\"}}");
        execute(qmp, in, "{\"execute\":\"add_client\",\"arguments\":{\"protocol\":\"@dbus-display\",\"fdname\":\""
                + FD_NAME + "\"}}");
    }

    private void execute(AFUNIXSocketChannel qmp, LineReader in, String command) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            qmp.write(b);
        }
        while (true) {
            JsonNode reply = json.readTree(in.line());
            if (reply.has("return")) {
                return;
            }
            if (reply.has("error")) {
                throw new IOException("QMP " + command + ": " + reply.get("error"));
            }
            // an event: not the answer
        }
    }

    /** QMP's lines, read without a buffer that could swallow a descriptor's message. */
    private static final class LineReader {
        private final AFUNIXSocketChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocate(64 << 10);

        LineReader(AFUNIXSocketChannel channel) {
            this.channel = channel;
            buf.flip();
        }

        String line() throws IOException {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            while (true) {
                while (buf.hasRemaining()) {
                    byte c = buf.get();
                    if (c == '\n') {
                        return line.toString(StandardCharsets.UTF_8);
                    }
                    line.write(c);
                }
                if (line.size() > 1 << 20) {
                    throw new IOException("QMP line too long");
                }
                buf.clear();
                int n = channel.read(buf);
                buf.flip();
                if (n < 0) {
                    throw new EOFException("QMP monitor closed");
                }
            }
        }
    }
}
