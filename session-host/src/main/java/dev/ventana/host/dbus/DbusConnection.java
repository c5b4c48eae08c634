package dev.ventana.host.dbus;

import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer-to-peer D-Bus connection on a unix socket, this side the client of the authentication
 * (EXTERNAL, as our uid, with descriptor passing): no bus, no names, no introspection. A virtual
 * thread reads messages; method calls go to the {@link Handler} on that thread, whose answer
 * (unless the caller wants none) is sent back; replies complete the calls that {@link #call} sent.
 * Thread-safe: writes are serialised.
 */
public final class DbusConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DbusConnection.class);
    /** Larger than any screen QEMU sends (a 4K ARGB scanout is 33 MB) and D-Bus's own 128 MiB. */
    static final int MAX_MESSAGE = 128 << 20;

    /** Answers a method call: null for an empty return, or an error's name and text. */
    @FunctionalInterface
    public interface Handler {
        Failure handle(DbusMessage call) throws Exception;
    }

    /** An error reply. */
    public record Failure(String name, String text) {
        public static Failure unknownMethod(DbusMessage call) {
            return new Failure("org.freedesktop.DBus.Error.UnknownMethod",
                    "no " + call.iface() + "." + call.member() + " here");
        }
    }

    private final AFUNIXSocketChannel channel;
    private final String name;
    private final Handler handler;
    private final AtomicInteger serials = new AtomicInteger();
    private final Map<Integer, CompletableFuture<DbusMessage>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();

    private DbusConnection(AFUNIXSocketChannel channel, String name, Handler handler) {
        this.channel = channel;
        this.name = name;
        this.handler = handler;
    }

    /** Authenticates on {@code channel} (blocking) and starts reading. */
    public static DbusConnection open(AFUNIXSocketChannel channel, String name, Handler handler) throws IOException {
        DbusConnection c = new DbusConnection(channel, name, handler);
        c.authenticate();
        // A platform thread: junixsocket's blocking read on a virtual thread kept a core busy per
        // connection while nothing came (bench/display, idle office desktop).
        Thread.ofPlatform().daemon().name("dbus-" + name).start(c::readLoop);
        return c;
    }

    private void authenticate() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        String hexUid = hex(Integer.toString(uid));
        writeAscii("\0AUTH EXTERNAL " + hexUid + "\r\n");
        String ok = readLine();
        if (!ok.startsWith("OK ")) {
            throw new IOException("D-Bus authentication refused: " + ok);
        }
        writeAscii("NEGOTIATE_UNIX_FD\r\n");
        String fd = readLine();
        if (!fd.startsWith("AGREE_UNIX_FD")) {
            throw new IOException("D-Bus peer passes no descriptors: " + fd);
        }
        writeAscii("BEGIN\r\n");
    }

    /** Sends a method call and completes with its reply (an ERROR reply completes exceptionally). */
    public CompletableFuture<DbusMessage> call(String path, String iface, String member, String signature,
            DbusWriter args, FileDescriptor... fds) throws IOException {
        int serial = serials.incrementAndGet();
        CompletableFuture<DbusMessage> reply = new CompletableFuture<>();
        pending.put(serial, reply);
        try {
            write(DbusWriter.call(serial, path, iface, member, signature, args, false, fds.length), fds);
        } catch (IOException e) {
            pending.remove(serial);
            throw e;
        }
        return reply;
    }

    /** Completes when the connection ends: normally after {@link #close}, exceptionally otherwise. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void close() {
        closing.set(true);
        closeChannel();
        closed.complete(null);
    }

    private void readLoop() {
        ByteBuffer fixed = ByteBuffer.allocate(16);
        try {
            while (true) {
                DbusMessage m = readMessage(fixed);
                switch (m.type()) {
                    case DbusMessage.METHOD_CALL -> answer(m);
                    case DbusMessage.METHOD_RETURN, DbusMessage.ERROR -> {
                        CompletableFuture<DbusMessage> f = pending.remove(m.replySerial());
                        if (f != null && m.type() == DbusMessage.ERROR) {
                            f.completeExceptionally(new IOException(m.errorText()));
                        } else if (f != null) {
                            f.complete(m);
                        }
                    }
                    default -> { } // signals: none that we asked for
                }
            }
        } catch (IOException | RuntimeException e) {
            IOException end = e instanceof IOException io ? io : new IOException("D-Bus " + name + ": " + e, e);
            pending.values().forEach(f -> f.completeExceptionally(end));
            if (closing.get()) {
                closed.complete(null);
            } else {
                if (!(e instanceof EOFException)) {
                    log.warn("D-Bus connection {} closed: {}", name, e.toString());
                }
                closed.completeExceptionally(end);
            }
        } finally {
            closeChannel();
        }
    }

    private void answer(DbusMessage call) throws IOException {
        Failure failure;
        try {
            failure = handler.handle(call);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            failure = new Failure("org.freedesktop.DBus.Error.Failed", e.toString());
        }
        if (!call.expectsReply()) {
            return;
        }
        int serial = serials.incrementAndGet();
        write(failure == null
                ? DbusWriter.methodReturn(serial, call.serial())
                : DbusWriter.error(serial, call.serial(), failure.name(), failure.text()));
    }

    private DbusMessage readMessage(ByteBuffer fixed) throws IOException {
        fixed.clear();
        readFully(fixed);
        ByteOrder order = switch (fixed.get(0)) {
            case 'l' -> ByteOrder.LITTLE_ENDIAN;
            case 'B' -> ByteOrder.BIG_ENDIAN;
            default -> throw new IOException("D-Bus " + name + ": bad endianness byte " + fixed.get(0));
        };
        fixed.order(order);
        int bodyLength = fixed.getInt(4);
        int fieldsLength = fixed.getInt(12);
        int headerLength = (16 + fieldsLength + 7) & ~7;
        if (fieldsLength < 0 || bodyLength < 0 || (long) headerLength + bodyLength > MAX_MESSAGE) {
            throw new IOException("D-Bus " + name + ": message of " + Integer.toUnsignedString(bodyLength) + " bytes");
        }
        ByteBuffer m = ByteBuffer.allocate(headerLength + bodyLength).order(order);
        m.put(fixed.flip());
        readFully(m);
        discardDescriptors();
        return DbusHeader.parse(m, headerLength, bodyLength);
    }

    /** Descriptors QEMU passes (a DMABUF scanout: never without OpenGL) are closed unread. */
    private void discardDescriptors() throws IOException {
        FileDescriptor[] fds = channel.getReceivedFileDescriptors();
        if (fds != null) {
            for (FileDescriptor fd : fds) {
                new java.io.FileInputStream(fd).close();
            }
        }
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("D-Bus " + name + " closed by the peer");
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder s = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (s.length() < 512) {
            one.clear();
            readFully(one);
            char c = (char) one.get(0);
            if (c == '\n') {
                return s.toString().strip();
            }
            s.append(c);
        }
        throw new IOException("D-Bus " + name + ": authentication line too long");
    }

    private void writeAscii(String s) throws IOException {
        write(s.getBytes(StandardCharsets.US_ASCII));
    }

    private void write(byte[] bytes, FileDescriptor... fds) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        synchronized (channel) {
            if (fds.length > 0) {
                channel.setOutboundFileDescriptors(fds);
            }
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static String hex(String s) {
        StringBuilder h = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
            h.append(String.format("%02x", b));
        }
        return h.toString();
    }
}
