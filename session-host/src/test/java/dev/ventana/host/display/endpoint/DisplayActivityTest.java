package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageReader;
import dev.ventana.host.display.source.GuestActivity;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A guest's activity as the farm's heartbeat reads it ({@code RfbScreenSources.activity}),
 * driven by viewers' display connections: who watches, through a takeover, and which of their
 * messages count as input.
 */
class DisplayActivityTest extends ViewersUnderTest {

    @Test
    void viewersGoFromNoneToOneAndStayOneThroughATakeoverUntilTheLastLeaves() {
        assertThat(sources.activity(GUEST).viewers()).isZero();
        RecordingOutbound first = new RecordingOutbound();
        watching(first);
        assertThat(sources.activity(GUEST).viewers()).isEqualTo(1);

        RecordingOutbound second = new RecordingOutbound();
        DisplayConnection b = watching(second);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.closed != null);
        assertThat(first.closed).isEqualTo(Ending.TAKEN_OVER);
        assertThat(sources.activity(GUEST).viewers()).isEqualTo(1);

        b.transportClosed();
        assertThat(sources.activity(GUEST)).isEqualTo(new GuestActivity(0, null));
    }

    @Test
    void keysAndPointerMoveTheLastInputAndNothingElseDoes() {
        RecordingOutbound out = new RecordingOutbound();
        DisplayConnection viewer = watching(out);
        await().atMost(Duration.ofSeconds(5)).until(() -> pixel(out, 1, 1) == RED);
        assertThat(lastInputAt()).as("HELLO is no input").isNull();

        Instant keyAt = tick();
        viewer.receive(BrowserBytes.key(true, 0x1e));
        assertThat(lastInputAt()).isEqualTo(keyAt);

        tick();
        viewer.receive(BrowserBytes.ack(1));
        viewer.receive(ping(7));
        viewer.receive(ByteBuffer.wrap(new byte[] {(byte) 0x87})); // REFRESH
        await().atMost(Duration.ofSeconds(5)).until(() -> out.messages.stream()
                .anyMatch(m -> HostMessageReader.read(m) instanceof HostMessage.Pong));
        assertThat(lastInputAt()).as("acks, pings and refreshes are no input").isEqualTo(keyAt);

        Instant pointerAt = tick();
        viewer.receive(BrowserBytes.pointer(10, 10, 0));
        assertThat(lastInputAt()).isEqualTo(pointerAt);

        // The key still held is released when the viewer is taken over: the host's doing, no input.
        tick();
        watching(new RecordingOutbound());
        await().atMost(Duration.ofSeconds(5)).until(() -> vnc.keys.size() == 2);
        assertThat(lastInputAt()).isEqualTo(pointerAt);
        assertThat(out.closed).isEqualTo(Ending.TAKEN_OVER);
    }

    private Instant lastInputAt() {
        return sources.activity(GUEST).lastInputAt();
    }

    private Instant tick() {
        return now.updateAndGet(t -> t.plusSeconds(1));
    }

    private static ByteBuffer ping(int nonce) {
        return ByteBuffer.allocate(5).put((byte) 0x86).putInt(nonce).flip();
    }
}
