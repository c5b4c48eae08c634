package dev.ventana.host.guest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A QMP (QEMU Machine Protocol) connection over the guest's unix socket: one JSON object per
 * line, replies matched to commands by id, events handed to a listener. When QEMU exits, the
 * socket closes and {@link #closed()} completes: that is how a dead adopted guest is noticed.
 */
final class QmpConnection implements AutoCloseable {
    /** How long the guest's routine commands wait for QEMU's reply. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final SocketChannel channel;
    private final ObjectMapper json;
    private final Consumer<JsonNode> events;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private QmpConnection(SocketChannel channel, ObjectMapper json, Consumer<JsonNode> events) {
        this.channel = channel;
        this.json = json;
        this.events = events;
    }

    /** Connects, reads the greeting and leaves capabilities negotiation mode. */
    static QmpConnection open(Path socket, ObjectMapper json, Consumer<JsonNode> events, Duration timeout)
            throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        QmpConnection qmp = new QmpConnection(channel, json, events);
        BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        // QEMU serves one QMP client at a time and greets the next only when the first leaves:
        // a greeting that does not come means someone else holds the monitor.
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
                qmp.close();
            } catch (InterruptedException greeted) {
                // The greeting came in time.
            }
        });
        String greeting;
        try {
            greeting = reader.readLine();
        } catch (IOException e) {
            qmp.close();
            throw new IOException("no QMP greeting on " + socket + " within " + timeout + " (another client?)", e);
        } finally {
            watchdog.interrupt();
        }
        if (greeting == null || !json.readTree(greeting).has("QMP")) {
            qmp.close();
            throw new IOException("no QMP greeting on " + socket);
        }
        Thread.ofVirtual().name("qmp-" + socket.getParent().getFileName()).start(() -> qmp.readLoop(reader));
        qmp.execute("qmp_capabilities", Map.of(), timeout);
        return qmp;
    }

    /** Connects once QEMU has created the socket, retrying until the deadline. */
    static QmpConnection await(Path socket, ObjectMapper json, Consumer<JsonNode> events, Duration timeout,
            java.util.function.BooleanSupplier stillWorthIt) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline && stillWorthIt.getAsBoolean()) {
            try {
                return open(socket, json, events, Duration.ofSeconds(5));
            } catch (IOException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IOException("QMP socket " + socket + " not ready within " + timeout
                + (last != null ? ": " + last.getMessage() : ""));
    }

    private void readLoop(BufferedReader reader) {
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode message = json.readTree(line);
                if (message.has("event")) {
                    events.accept(message);
                } else if (message.has("id")) {
                    CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asString());
                    if (reply != null) {
                        reply.complete(message);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // The guest's end is reported through closed(); the cause is rarely interesting.
        } finally {
            close();
        }
    }

    /** Runs a command and returns its "return" value; an "error" reply becomes an IOException. */
    JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) throws IOException {
        String id = Long.toString(ids.incrementAndGet());
        ObjectNode request = json.createObjectNode().put("execute", command).put("id", id);
        if (!arguments.isEmpty()) {
            request.set("arguments", json.valueToTree(arguments));
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        if (closed.isDone()) {
            pending.remove(id);
            throw new IOException("QMP connection closed");
        }
        byte[] bytes = (json.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (channel) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
        try {
            JsonNode message = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message.has("error")) {
                throw new IOException("QMP " + command + ": " + message.get("error").path("desc").asString());
            }
            return message.path("return");
        } catch (TimeoutException e) {
            throw new IOException("QMP " + command + " got no reply within " + timeout);
        } catch (ExecutionException e) {
            throw new IOException("QMP connection closed during " + command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during QMP " + command);
        } finally {
            pending.remove(id);
        }
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    /** Waits at most {@code limit} for QEMU to close the socket, so that every event it sent before exiting is read. */
    void awaitClosed(Duration limit) {
        try {
            closed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // QEMU is gone: its socket closes at once, and whoever waits must not wait longer.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already gone.
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException("QMP connection closed")));
        closed.complete(null);
    }
}
