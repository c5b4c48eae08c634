package dev.ventana.server.gateway;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's send queue to a host: bounded by what its messages cost the heap, not by their payload alone. */
class HostLinkTest {
    private static final long LIMIT = 4L << 20;

    @Test
    void aHostThatStopsReadingFailsTheLinkLongBeforeAMillionTinyMessagesWait() throws IOException {
        StalledHost host = new StalledHost();
        HostLink link = new HostLink(host, LIMIT);
        int sent = 0;
        try {
            while (sent < 1_000_000) {
                link.send(ByteBuffer.wrap(new byte[] {(byte) 0x82, 1, 0, 0x2a}));
                sent++;
            }
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("not reading");
        }
        // 4 MiB at 4 + 96 bytes a message; counting payload alone would have taken 1 048 576.
        assertThat(sent).isBetween(40_000, (int) (LIMIT / 100) + 1);
        assertThat(link.queued()).isEqualTo(sent - 1); // one is with the socket
        assertThatThrownBy(() -> link.send(ByteBuffer.wrap(new byte[] {1}))).isInstanceOf(IOException.class);
    }

    @Test
    void largeMessagesStillFitUpToTheLimit() throws IOException {
        HostLink link = new HostLink(new StalledHost(), LIMIT);
        for (int i = 0; i < 4; i++) {
            link.send(ByteBuffer.allocate(1 << 20)); // one with the socket, three waiting: under 4 MiB with their overhead
        }
        assertThatThrownBy(() -> link.send(ByteBuffer.allocate(1 << 20))).isInstanceOf(IOException.class);
    }

    @Test
    void aHostThatReadsGetsEveryMessageInOrder() throws IOException {
        StalledHost host = new StalledHost();
        host.reads = true;
        HostLink link = new HostLink(host, LIMIT);
        for (int i = 0; i < 100_000; i++) {
            link.send(ByteBuffer.wrap(new byte[] {(byte) i}));
        }
        assertThat(host.sent).hasSize(100_000);
        assertThat(host.sent.get(99_999)).isEqualTo((byte) 99_999);
        assertThat(link.queued()).isZero();
    }

    /** A host socket whose sends never complete (it stopped reading), or complete at once. */
    private static final class StalledHost implements WebSocket {
        boolean reads;
        final List<Byte> sent = new ArrayList<>();

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            if (!reads) {
                return new CompletableFuture<>();
            }
            sent.add(data.get(0));
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return new CompletableFuture<>();
        }

        @Override
        public void request(long n) {
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
        }
    }
}
