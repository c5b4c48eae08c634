package dev.ventana.server.gateway;

import dev.ventana.server.ServerTest;
import dev.ventana.server.identity.UserAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser hop compresses (docs/protocol.md, "Framing and conventions"): a client that offers
 * permessage-deflate the way Chromium does gets it, with the server's dictionary kept across
 * messages, so a message like one sent before costs a few bytes. Written on a plain socket so the
 * test sees the response header and each frame's RSV1 bit.
 */
class CompressionTest extends ServerTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** What Chromium offers (and Firefox, without the parameter). */
    static final String CHROMIUM_OFFER = "permessage-deflate; client_max_window_bits";

    @LocalServerPort
    int port;
    @Autowired
    Tickets tickets;
    @Autowired
    JdbcClient jdbc;

    FakeHostDisplay host;
    UserAccount user;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHostDisplay();
        user = userAccount("deflate-user", "Deflate", "deflate user password");
    }

    @AfterEach
    void tearDown() throws IOException {
        host.close();
    }

    @Test
    void aBrowserThatOffersDeflateGetsItWithTheDictionaryKeptAcrossMessages() throws Exception {
        UUID session = new RunningSessions(jdbc).create(user, host.agentUrl().resolve("/" + UUID.randomUUID()));
        try (RawBrowser browser = new RawBrowser(port, "/ws/display?ticket=" + tickets.issue(session, user.id()).ticket(),
                CHROMIUM_OFFER)) {
            assertThat(browser.status).startsWith("HTTP/1.1 101");
            assertThat(browser.extensions).startsWith("permessage-deflate")
                    .doesNotContain("server_no_context_takeover");
            FakeHostDisplay.Connection h = host.accept(WAIT);
            browser.skipSettings();

            byte[] glyphs = message(2000, 7);
            h.sendBinary(glyphs, glyphs.length);
            h.sendBinary(glyphs, glyphs.length);

            RawBrowser.Frame first = browser.readFrame();
            RawBrowser.Frame second = browser.readFrame();
            assertThat(first.compressed()).as("RSV1: the message is deflated").isTrue();
            assertThat(browser.inflate(first)).isEqualTo(glyphs);
            assertThat(browser.inflate(second)).isEqualTo(glyphs);
            assertThat(first.payload().length).isLessThan(glyphs.length / 2);
            // Without the kept dictionary the repeat would cost as much as the first; with it, a
            // few bytes per 258-byte back-reference.
            assertThat(second.payload().length).as("the repeat is a back-reference into the kept dictionary")
                    .isLessThan(first.payload().length / 10);
            System.out.println("negotiated: " + browser.extensions + "; " + first.payload().length + " then "
                    + second.payload().length + " bytes");
        }
    }

    @Test
    void aBrowserThatOffersNothingGetsPlainMessages() throws Exception {
        UUID session = new RunningSessions(jdbc).create(user, host.agentUrl().resolve("/" + UUID.randomUUID()));
        try (RawBrowser browser = new RawBrowser(port, "/ws/display?ticket=" + tickets.issue(session, user.id()).ticket(),
                null)) {
            assertThat(browser.extensions).isNull();
            byte[] glyphs = message(500, 8);
            host.accept(WAIT).sendBinary(glyphs, glyphs.length);
            browser.skipSettings();
            RawBrowser.Frame frame = browser.readFrame();
            assertThat(frame.compressed()).isFalse();
            assertThat(frame.payload()).isEqualTo(glyphs);
        }
    }

    /** Compressible but not trivially so: a few byte values, like bitmap glyph rows. */
    private static byte[] message(int n, long seed) {
        byte[] b = new byte[n];
        java.util.Random random = new java.util.Random(seed);
        b[0] = 0x16;
        for (int i = 1; i < n; i++) {
            b[i] = (byte) (random.nextInt(4) * 0x11);
        }
        return b;
    }

    /** The browser's side of RFC 6455 and RFC 7692, just enough to read server frames. */
    private static final class RawBrowser implements AutoCloseable {
        record Frame(boolean compressed, byte[] payload) {
        }

        final String status;
        final String extensions;
        private final Socket socket;
        private final DataInputStream in;
        private final Inflater inflater = new Inflater(true);

        RawBrowser(int port, String path, String offer) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout((int) WAIT.toMillis());
            String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII));
            String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + (offer == null ? "" : "Sec-WebSocket-Extensions: " + offer + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = new DataInputStream(socket.getInputStream());
            status = line();
            String found = null;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (header.substring(0, colon).equalsIgnoreCase("Sec-WebSocket-Extensions")) {
                    found = header.substring(colon + 1).trim();
                }
            }
            extensions = found;
        }

        Frame readFrame() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            assertThat(b0 & 0x80).as("one frame per message in this test").isNotZero();
            return new Frame((b0 & 0x40) != 0, payload);
        }

        /** The gateway's SETTINGS (0x07, 10 bytes) opens every connection: read through it, the inflater kept in step. */
        void skipSettings() throws IOException, DataFormatException {
            Frame frame = readFrame();
            byte[] settings = frame.compressed() ? inflate(frame) : frame.payload();
            assertThat(settings).hasSize(10).startsWith((byte) 0x07);
        }

        /** RFC 7692: append 00 00 ff ff and inflate with the one inflater the connection keeps. */
        byte[] inflate(Frame frame) throws DataFormatException {
            byte[] input = Arrays.copyOf(frame.payload(), frame.payload().length + 4);
            input[input.length - 2] = (byte) 0xff;
            input[input.length - 1] = (byte) 0xff;
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the server closed during the handshake");
                }
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            inflater.end();
            socket.close();
        }
    }
}
