package dev.ventana.host.testing;

import static org.awaitility.Awaitility.await;

import dev.ventana.host.guest.GuestInfo;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tiny guest's serial shell: commands typed into QEMU's serial socket, their output read
 * from the console log. The connection stays open, as QEMU drops what the guest has not read
 * yet when its client leaves.
 */
public final class SerialConsole implements AutoCloseable {
    private static final AtomicInteger MARKS = new AtomicInteger();
    private final SocketChannel channel;
    private final ConsoleLog log;

    public SerialConsole(GuestInfo guest) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(guest.paths().serialSocket()));
        log = new ConsoleLog(guest.paths().consoleLog());
        // What the guest prints is read from QEMU's log file; the socket's copy is drained all the
        // same: QEMU writes it a byte per message, each costing about a kilobyte of the socket's
        // buffer, and unread it stalled the guest's serial port (and its shell) after a few hundred bytes.
        Thread.ofVirtual().name("serial-drain").start(() -> {
            ByteBuffer sink = ByteBuffer.allocate(4096);
            try {
                while (channel.read(sink.clear()) >= 0) {
                    // discarded
                }
            } catch (IOException closed) {
                // The console was closed.
            }
        });
    }

    /**
     * Runs a shell command and returns the console text it printed. The end mark is made by the
     * shell ({@code $((n+1))}), so the echo of the typed line never looks like it.
     */
    public String run(String command) throws IOException {
        int n = MARKS.incrementAndGet() * 10;
        String done = "done-" + (n + 1) + "-";
        int from = log.text().length();
        write(command + "; echo done-$((" + n + "+1))-\n");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> log.text().indexOf(done, from) >= 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no end of '" + command + "' on the serial console within 60 s; it shows:\n"
                    + log.text().substring(Math.max(0, log.text().length() - 1500)), e);
        }
        String text = log.text();
        return text.substring(from, text.indexOf(done, from));
    }

    /**
     * A few bytes at a time: the guest's 16550 UART has a 16-byte FIFO, and a long line written at
     * once lost its end while a TCG guest was busy (typed text cut off mid-word).
     */
    private void write(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 8) {
            ByteBuffer b = ByteBuffer.wrap(bytes, i, Math.min(8, bytes.length - i));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            try {
                Thread.sleep(15);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while typing", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
