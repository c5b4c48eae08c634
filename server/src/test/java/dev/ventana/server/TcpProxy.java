package dev.ventana.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy between a browser and the server that a test can cut, as a network cut does: while
 * cut, no byte passes either way and nothing is closed, so both ends see a silent link with open
 * sockets (Chromium's offline emulation does not stop open WebSockets); new connections are
 * accepted but carry nothing either. Restored, the bytes held back flow again. Each connection
 * is two virtual threads, each holding at most one buffer while cut: the rest waits in the
 * kernel's socket buffers, as it would in a real network's.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean cut;

    public TcpProxy(int targetPort) {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        Thread.ofVirtual().name("proxy-accept").start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void cut() {
        synchronized (gate) {
            cut = true;
        }
    }

    public void restore() {
        synchronized (gate) {
            cut = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread.ofVirtual().name("proxy-connect").start(() -> connect(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            Socket server = new Socket(target.getAddress(), target.getPort());
            sockets.add(server);
            Thread.ofVirtual().name("proxy-up").start(() -> pump(client, server));
            pump(server, client);
        } catch (IOException serverDown) {
            closeQuietly(client); // as a refused connection: the server is not there
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitOpen();
                out.write(buffer, 0, n);
            }
            awaitOpen(); // the end of the stream is held back too
        } catch (IOException | InterruptedException ended) {
            // one side went away: closing both (try-with-resources) passes that on
        } finally {
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (cut) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        restore();
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(TcpProxy::closeQuietly);
    }
}
