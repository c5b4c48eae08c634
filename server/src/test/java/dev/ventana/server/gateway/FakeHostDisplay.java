package dev.ventana.server.gateway;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A session host's display endpoint written out by hand on a plain socket (RFC 6455, the server
 * side), so that a test controls every byte the gateway gets: messages in several fragments,
 * close codes, a connection that just drops. Other requests (the broker's status polls) get 503,
 * which the broker takes for a host that is briefly away.
 */
final class FakeHostDisplay implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final String scheme;
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    /**
     * Every connection accepted, until close: a socket nothing refers to is closed by the JDK's
     * cleaner at the next garbage collection, which a test that ignores accept's answer would see
     * as the host hanging up (ShadowTest did, when the fuzz tests made collections frequent).
     */
    private final List<Connection> accepted = new CopyOnWriteArrayList<>();

    FakeHostDisplay() throws IOException {
        this(ServerSocketFactory.getDefault(), "http");
    }

    /** A host whose agent speaks TLS with the certificate of {@code tls}, as over a network that is not private. */
    FakeHostDisplay(SSLContext tls) throws IOException {
        this(tls.getServerSocketFactory(), "https");
    }

    private FakeHostDisplay(ServerSocketFactory sockets, String scheme) throws IOException {
        this.scheme = scheme;
        server = sockets.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-host-display").start(this::acceptLoop);
    }

    URI agentUrl() {
        return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort());
    }

    Connection accept(Duration within) throws InterruptedException {
        Connection c = connections.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("the gateway did not connect to the host within " + within);
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> handshake(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handshake(Socket s) {
        try {
            DataInputStream in = new DataInputStream(s.getInputStream());
            String requestLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            OutputStream out = s.getOutputStream();
            String key = headers.get("sec-websocket-key");
            if (!requestLine.startsWith("GET ") || !requestLine.contains("/display/") || key == null) {
                out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                s.close();
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Connection connection = new Connection(s, in, requestLine.split(" ")[1], headers);
            accepted.add(connection);
            connections.add(connection);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed inside the HTTP request");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** One upgraded connection from the gateway. */
    static final class Connection {
        final String path;
        final Map<String, String> headers;
        private final Socket socket;
        private final DataInputStream in;
        private int closeCode = -1;

        Connection(Socket socket, DataInputStream in, String path, Map<String, String> headers) {
            this.socket = socket;
            this.in = in;
            this.path = path;
            this.headers = headers;
        }

        /** The next whole binary message (fragments joined), or null once the gateway sent a close. */
        byte[] readMessage() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
                byte[] payload = in.readNBytes((int) length);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = b0 & 0x0f;
                if (opcode == 8) {
                    closeCode = payload.length >= 2 ? ByteBuffer.wrap(payload).getShort() & 0xffff : 1005;
                    return null;
                }
                if (opcode == 0 || opcode == 2) {
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        return message.toByteArray();
                    }
                }
                // pings and pongs: not part of any message
            }
        }

        /** The code of the close the gateway sent, read by {@link #readMessage}; -1 if none yet. */
        int closeCode() {
            return closeCode;
        }

        /** Sends one binary message, cut into fragments of at most {@code fragment} bytes. */
        void sendBinary(byte[] message, int fragment) throws IOException {
            int offset = 0;
            do {
                int n = Math.min(fragment, message.length - offset);
                boolean last = offset + n == message.length;
                frame(offset == 0 ? 2 : 0, last, message, offset, n);
                offset += n;
            } while (offset < message.length);
        }

        void sendText(String text) throws IOException {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            frame(1, true, b, 0, b.length);
        }

        void sendClose(int code, String reason) throws IOException {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r).array();
            frame(8, true, payload, 0, payload.length);
        }

        /** Drops the TCP connection without a close frame, as a crashed host would. */
        void drop() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void frame(int opcode, boolean last, byte[] b, int offset, int n) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write((last ? 0x80 : 0) | opcode);
            if (n < 126) {
                f.write(n);
            } else if (n < 65536) {
                f.write(126);
                f.write(n >>> 8);
                f.write(n & 0xff);
            } else {
                f.write(127);
                f.writeBytes(ByteBuffer.allocate(8).putLong(n).array());
            }
            f.write(b, offset, n);
            synchronized (this) {
                socket.getOutputStream().write(f.toByteArray());
                socket.getOutputStream().flush();
            }
        }
    }
}
