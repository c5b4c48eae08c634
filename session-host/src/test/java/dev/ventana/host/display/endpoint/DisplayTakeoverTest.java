package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Roaming: the user opens the guest in another browser, and that viewer takes the guest over.
 * The viewer before it is closed with 1000 {@code TAKEN_OVER}; the new one is served as any
 * viewer is, whatever the old one's network does.
 */
class DisplayTakeoverTest extends ViewersUnderTest {
    static final int GREEN = 0x00ff00;

    @Test
    void aSecondViewerOfTheGuestEndsTheFirstWithTakenOverAndKeepsGettingFrames() {
        RecordingOutbound first = new RecordingOutbound();
        DisplayConnection a = watching(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> pixel(first, 1, 1) == RED);

        RecordingOutbound second = new RecordingOutbound();
        DisplayConnection b = watching(second);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.closed != null);
        assertThat(first.closed).isEqualTo(Ending.TAKEN_OVER);
        assertThat(a.isClosed()).isTrue();
        assertThat(second.read(0)).isEqualTo(new HostMessage.Hello(1, 32, 24, 3));
        assertThat(pixel(second, 1, 1)).as("the full first frame").isEqualTo(RED);
        assertThat(sources.activity(GUEST).viewers()).isEqualTo(1);

        a.transportClosed(); // the old browser's WebSocket closes in turn
        b.receive(BrowserBytes.ack(1));
        vnc.paint(0, 0, 8, 8, GREEN);
        await().atMost(Duration.ofSeconds(5)).until(() -> pixel(second, 0, 0) == GREEN);
        assertThat(second.closed).isNull();
        assertThat(pixel(first, 0, 0)).as("nothing more for the viewer taken over").isNotEqualTo(GREEN);
        assertThat(sources.openScreens()).isEqualTo(1);
    }

    @Test
    void aViewerThatLeavesEndsNobody() {
        RecordingOutbound first = new RecordingOutbound();
        DisplayConnection a = watching(first);
        a.transportClosed(); // the browser went
        await().atMost(Duration.ofSeconds(5)).until(() -> sources.openScreens() == 0);

        RecordingOutbound second = new RecordingOutbound();
        DisplayConnection b = watching(second);
        await().atMost(Duration.ofSeconds(5)).until(() -> pixel(second, 1, 1) == RED);
        b.transportClosed();
        await().atMost(Duration.ofSeconds(5)).until(() -> sources.openScreens() == 0);
        assertThat(first.closed).isNull();
        assertThat(second.closed).isNull();
    }

    @Test
    void aViewerWhoseNetworkIsStuckDoesNotHoldUpTheOneTakingOver() {
        RecordingOutbound stuck = new RecordingOutbound();
        stuck.closeHeld = new CountDownLatch(1);
        watching(stuck);

        RecordingOutbound second = new RecordingOutbound();
        DisplayConnection b = watching(second);
        assertThat(stuck.closed).as("still closing").isNull();
        b.receive(BrowserBytes.ack(1));
        vnc.paint(0, 0, 8, 8, GREEN);
        await().atMost(Duration.ofSeconds(5)).until(() -> pixel(second, 0, 0) == GREEN);

        stuck.closeHeld.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> stuck.closed != null);
        assertThat(stuck.closed).isEqualTo(Ending.TAKEN_OVER);
        assertThat(second.closed).isNull();
    }
}
