package dev.ventana.host.dbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting fails, and in bounded time, when the display monitor is missing or silent. */
class QemuDbusDisplayTest {
    @TempDir
    Path tmp;

    @Test
    void noMonitorIsAnIoException() {
        assertThatThrownBy(() -> QemuDbusDisplay.connect(tmp.resolve("display.sock"), "g-1", Duration.ofMillis(200)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aMonitorThatAcceptsAndSaysNothingIsGivenUpOnWithinThreeTimeouts() throws Exception {
        Path socket = tmp.resolve("display.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> {
                try (SocketChannel silent = server.accept()) {
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> QemuDbusDisplay.connect(socket, "g-1", Duration.ofMillis(200)))
                    .isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
