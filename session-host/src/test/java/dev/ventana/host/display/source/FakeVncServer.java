package dev.ventana.host.display.source;

import java.io.DataInputStream;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of QEMU's VNC server on a unix socket for the screen registry's tests: the RFB 3.8
 * handshake, one first update that acknowledges extended key events, paints and resizes on
 * demand, and a record of the key events received. {@code silent} accepts connections and never greets.
 */
public final class FakeVncServer implements AutoCloseable {
    public record KeyEvent(int keycode, boolean down, long nanos) {
    }

    public final Path socket;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    public final List<KeyEvent> keys = new CopyOnWriteArrayList<>();
    final AtomicInteger nudges = new AtomicInteger();
    public final AtomicInteger pointers = new AtomicInteger();
    private final ServerSocketChannel server;
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private final boolean silent;
    private final int width;
    private final int height;

    public FakeVncServer(Path socket, int width, int height, boolean silent) throws IOException {
        this.socket = socket;
        this.width = width;
        this.height = height;
        this.silent = silent;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel c = server.accept();
                connections.incrementAndGet();
                clients.add(c);
                if (!silent) {
                    Thread.ofVirtual().start(() -> serve(c));
                }
            }
        } catch (IOException closed) {
            // the server was closed
        }
    }

    private void serve(SocketChannel c) {
        open.incrementAndGet();
        try {
            DataInputStream in = new DataInputStream(Channels.newInputStream(c));
            write(c, ByteBuffer.wrap("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)));
            in.readNBytes(12);
            write(c, ByteBuffer.wrap(new byte[] {1, 1})); // one security type: None
            in.readUnsignedByte();
            write(c, ByteBuffer.allocate(4).putInt(0).flip());
            in.readUnsignedByte(); // ClientInit
            byte[] name = "QEMU (fake)".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer init = ByteBuffer.allocate(4 + 16 + 4 + name.length);
            init.putShort((short) width).putShort((short) height);
            init.put(new byte[] {32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
            init.putInt(name.length).put(name);
            write(c, init.flip());
            boolean greeted = false;
            while (true) {
                int type = in.readUnsignedByte();
                switch (type) {
                    case 0 -> in.skipNBytes(19);
                    case 2 -> {
                        in.skipNBytes(1);
                        in.skipNBytes(4L * in.readUnsignedShort());
                    }
                    case 3 -> {
                        in.skipNBytes(9);
                        if (!greeted) {
                            greeted = true;
                            firstUpdate(c);
                        }
                    }
                    case 4 -> in.skipNBytes(7);
                    case 5 -> {
                        in.skipNBytes(5);
                        pointers.incrementAndGet();
                    }
                    case 255 -> {
                        in.readUnsignedByte();
                        boolean down = in.readUnsignedShort() == 1;
                        in.readInt();
                        int keycode = in.readInt();
                        if (keycode == 0 && !down) {
                            nudges.incrementAndGet(); // FastRefresh: not a key
                        } else {
                            keys.add(new KeyEvent(keycode, down, System.nanoTime()));
                        }
                    }
                    default -> throw new IOException("unexpected client message " + type);
                }
            }
        } catch (IOException e) {
            // the client went away or we closed it
        } finally {
            open.decrementAndGet();
        }
    }

    /** Acknowledges extended key events and paints one red pixel at (1, 1). */
    private void firstUpdate(SocketChannel c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + 12 + 4);
        b.put((byte) 0).put((byte) 0).putShort((short) 2);
        b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(-258);
        b.putShort((short) 1).putShort((short) 1).putShort((short) 1).putShort((short) 1).putInt(0);
        b.put((byte) 0).put((byte) 0).put((byte) 0xff).put((byte) 0); // BGRX little-endian: red
        write(c, b.flip());
    }

    /** Paints a rectangle in one colour (0xRRGGBB) on every client's screen, as a raw update. */
    public void paint(int x, int y, int w, int h, int rgb) {
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + 4 * w * h);
        b.put((byte) 0).put((byte) 0).putShort((short) 1);
        b.putShort((short) x).putShort((short) y).putShort((short) w).putShort((short) h).putInt(0);
        for (int i = 0; i < w * h; i++) {
            b.put((byte) rgb).put((byte) (rgb >> 8)).put((byte) (rgb >> 16)).put((byte) 0); // BGRX
        }
        b.flip();
        for (SocketChannel c : clients) {
            try {
                write(c, b.duplicate());
            } catch (IOException gone) {
                // a client of an earlier screen, closed since
            }
        }
    }

    /** A desktop-size update to every client. */
    void resize(int w, int h) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 12);
        b.put((byte) 0).put((byte) 0).putShort((short) 1);
        b.putShort((short) 0).putShort((short) 0).putShort((short) w).putShort((short) h).putInt(-223);
        for (SocketChannel c : clients) {
            write(c, b.flip());
            b.position(b.limit());
        }
    }

    /** QEMU going away: every connection is cut. */
    void dropClients() throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
    }

    private static void write(SocketChannel c, ByteBuffer b) throws IOException {
        synchronized (c) {
            while (b.hasRemaining()) {
                c.write(b);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropClients();
    }
}
