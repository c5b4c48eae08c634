package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageReader;
import dev.ventana.host.display.source.ViewerRole;
import dev.ventana.host.errors.ErrorKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A shadow's connection: the same frames, acks, pongs and refreshes as the user's viewer, its key,
 * pointer and wheel messages checked by the gate and then dropped, and a user taking the guest over
 * leaves it watching.
 */
class DisplayShadowTest extends ViewersUnderTest {
    static final int GREEN = 0x00ff00;

    @Test
    void aShadowWatchesBesideTheUserAndItsInputNeverReachesTheGuest() throws Exception {
        RecordingOutbound userOut = new RecordingOutbound();
        DisplayConnection user = watching(userOut);
        RecordingOutbound shadowOut = new RecordingOutbound();
        DisplayConnection shadow = watching(shadowOut, ViewerRole.SHADOW);
        assertThat(shadowOut.read(0)).isEqualTo(new HostMessage.Hello(1, 32, 24, 3));
        assertThat(pixel(shadowOut, 1, 1)).isEqualTo(RED);

        Thread.sleep(200); // the first update (with the extended-key acknowledgement) has arrived
        shadow.receive(BrowserBytes.key(true, 0x1e));
        shadow.receive(BrowserBytes.key(false, 0x1e));
        shadow.receive(BrowserBytes.pointer(3, 4, 1));
        shadow.receive(ByteBuffer.wrap(new byte[] {(byte) 0x84, 0, 1})); // a wheel notch
        shadow.receive(ByteBuffer.wrap(new byte[] {(byte) 0x86, 0, 0, 0, 9})); // PING
        await().atMost(Duration.ofSeconds(5)).until(() -> shadowOut.messages.stream().map(HostMessageReader::read)
                .anyMatch(m -> m.equals(new HostMessage.Pong(9))));
        user.receive(BrowserBytes.key(true, 0x30));
        await().atMost(Duration.ofSeconds(5)).until(() -> !vnc.keys.isEmpty());
        assertThat(vnc.keys).as("only the user's key").extracting(k -> k.keycode()).containsExactly(0x30);
        assertThat(vnc.pointers.get()).isZero();
        assertThat(sources.activity(GUEST).viewers()).isEqualTo(1);

        shadow.receive(BrowserBytes.ack(1));
        user.receive(BrowserBytes.ack(1));
        vnc.paint(0, 0, 8, 8, GREEN);
        await().atMost(Duration.ofSeconds(5)).until(() -> pixel(shadowOut, 0, 0) == GREEN && pixel(userOut, 0, 0) == GREEN);

        shadow.receive(BrowserBytes.key(true, 0x1ff)); // still checked: a bad KEY is a protocol error
        assertThat(shadowOut.closed).isEqualTo(Ending.of(ErrorKind.BAD_REQUEST));
        assertThat(userOut.closed).isNull();
        assertThat(vnc.keys).hasSize(1);
    }

    @Test
    void aUserTakingTheGuestOverLeavesTheShadowWatching() {
        RecordingOutbound firstOut = new RecordingOutbound();
        watching(firstOut);
        RecordingOutbound shadowOut = new RecordingOutbound();
        DisplayConnection shadow = watching(shadowOut, ViewerRole.SHADOW);
        RecordingOutbound secondOut = new RecordingOutbound();
        DisplayConnection second = watching(secondOut);
        await().atMost(Duration.ofSeconds(5)).until(() -> firstOut.closed != null);
        assertThat(firstOut.closed).isEqualTo(Ending.TAKEN_OVER);

        shadow.receive(BrowserBytes.ack(1));
        second.receive(BrowserBytes.ack(1));
        vnc.paint(0, 0, 8, 8, GREEN);
        await().atMost(Duration.ofSeconds(5)).until(() -> pixel(shadowOut, 0, 0) == GREEN);
        assertThat(shadowOut.closed).isNull();
        assertThat(shadow.isClosed()).isFalse();
    }
}
