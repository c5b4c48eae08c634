package dev.ventana.host.guest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source of image versions over real HTTP that can misbehave: it serves
 * {@code /api/v1/images/<image>/<id>/manifest.json} and {@code .../files/<name>} from a directory
 * of versions, and damages the files it is told to. It counts the requests for each path.
 */
final class FakeVersionSource implements AutoCloseable {
    /** What happens to a file on its way out. */
    enum Damage {
        /** One byte changed. */
        FLIP,
        /** Sent shorter, with a length that says so. */
        TRUNCATE,
        /** The connection drops half-way through the announced length. */
        CUT,
        /** 500 instead of the file. */
        ERROR
    }

    private final Path imagesDir;
    private final HttpServer server;
    private final Map<String, Damage> damage = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final String token = "test-farm-token-0123456789";
    private volatile long delayMillis;

    private final String prefix;

    FakeVersionSource(Path imagesDir) throws IOException {
        this(imagesDir, "images");
    }

    /** A source of {@code kind}: images, or packages (served from a directory of package versions). */
    FakeVersionSource(Path imagesDir, String kind) throws IOException {
        this.imagesDir = imagesDir;
        this.prefix = "/api/v1/" + kind + "/";
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(prefix, this::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
    }

    void damage(String name, Damage how) {
        damage.put(name, how);
    }

    void slow(long millisPerFile) {
        delayMillis = millisPerFile;
    }

    /** Requests for paths that end with {@code suffix}. */
    int requests(String suffix) {
        return requests.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (x) {
            if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                x.sendResponseHeaders(401, -1);
                return;
            }
            // /api/v1/images/<image>/<id>/manifest.json or /api/v1/images/<image>/<id>/files/<name>
            String[] parts = path.substring(prefix.length()).split("/");
            Path dir = imagesDir.resolve(parts[0]).resolve(parts[1]);
            String name = parts.length == 3 ? parts[2] : parts[3];
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            byte[] bytes = Files.readAllBytes(file);
            Damage d = parts.length == 4 ? damage.get(name) : null;
            if (d == Damage.ERROR) {
                x.sendResponseHeaders(500, -1);
                return;
            }
            if (d == Damage.FLIP) {
                bytes[bytes.length / 2] ^= 1;
            }
            int length = d == Damage.TRUNCATE ? bytes.length / 2 : bytes.length;
            x.sendResponseHeaders(200, length);
            OutputStream out = x.getResponseBody();
            out.write(bytes, 0, d == Damage.CUT ? bytes.length / 2 : length);
            out.flush();
            // CUT: closing the exchange short of the announced length drops the connection.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
