package dev.ventana.server.hosts;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A tiny guest's serial console, where its image runs a shell (deploy/images/tiny): a command goes
 * in through QEMU's serial socket, and its output is read from the console log QEMU keeps of it.
 * No browser and no reading of the screen: the simplest sure way to use a guest's data disk.
 */
public final class SerialConsole {
    /** The tiny guest's init prints this just before it starts the shell on ttyS0. */
    private static final String INIT_DONE = " up after ";
    private static final Duration RETYPE_AFTER = Duration.ofSeconds(4);

    private SerialConsole() {
    }

    /**
     * Types the command into the shell of the guest whose run directory is {@code guestDir} until
     * {@code expected} shows in its console. The command is typed again after a while without it
     * (a line typed while the shell was still starting is lost), so it must be safe to repeat, and
     * {@code expected} must differ from the command's own echo.
     */
    public static void run(Path guestDir, String command, String expected, Duration within) throws IOException, InterruptedException {
        Path log = guestDir.resolve("console.log");
        long deadline = System.nanoTime() + within.toNanos();
        while (!read(log).contains(INIT_DONE)) {
            check(deadline, log, "the guest's init to finish");
            Thread.sleep(200);
        }
        try (SocketChannel serial = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            serial.connect(UnixDomainSocketAddress.of(guestDir.resolve("serial.sock")));
            while (true) {
                serial.write(ByteBuffer.wrap((command + "\r").getBytes(StandardCharsets.US_ASCII)));
                long retype = System.nanoTime() + RETYPE_AFTER.toNanos();
                while (System.nanoTime() < retype) {
                    if (read(log).contains(expected)) {
                        return;
                    }
                    check(deadline, log, "'" + expected + "' after typing '" + command + "'");
                    Thread.sleep(200);
                }
            }
        }
    }

    /** Whether the guest's serial console has shown the text so far. */
    public static boolean shows(Path guestDir, String text) {
        return text(guestDir).contains(text);
    }

    /** All the guest's serial console has shown so far. */
    public static String text(Path guestDir) {
        return read(guestDir.resolve("console.log"));
    }

    private static void check(long deadline, Path log, String what) {
        if (System.nanoTime() > deadline) {
            throw new AssertionError("the guest's serial console did not show " + what + "; console:\n" + read(log));
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
