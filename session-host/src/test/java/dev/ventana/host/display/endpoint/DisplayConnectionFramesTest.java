package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.BrowserMessage;
import dev.ventana.host.display.protocol.Canvas;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A {@link DisplayConnection}'s frames: the window of unacknowledged frames, acks, pings,
 * refreshes, the refinement timer and a viewer that cannot take data. Real stream, gate and
 * encoders; a fake screen source and transport.
 */
class DisplayConnectionFramesTest extends ConnectionUnderTest {
    @Test
    void changesFlowWithinTheWindowAndTheNewestPictureWinsWhenItOpens() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        screen.paint(new Rect(0, 0, 8, 8), 0x111111);
        screen.paint(new Rect(8, 0, 8, 8), 0x222222);
        assertThat(out.frames()).containsExactly(1L, 2L, 3L);

        // The window (3) is full: changes are only noted, however many.
        int before = out.messages.size();
        for (int i = 0; i < 50; i++) {
            screen.paint(new Rect(i % W, i % H, 3, 3), 0x010101 * i);
        }
        assertThat(out.messages).hasSize(before);

        connection.receive(BrowserBytes.ack(1));
        assertThat(out.frames()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(out.canvas().rgb()).as("frame 4 shows the screen as it is now").isEqualTo(screen.rgb());
    }

    @Test
    void aBrowserThatTakesBatchesGetsEachFrameAsOneMessage() {
        RecordingOutbound rec = new RecordingOutbound();
        DisplayConnection c = new DisplayConnection("g-1", rec, Runnable::run, timer);
        c.start(sources);
        c.receive(BrowserBytes.hello(BrowserMessage.TAKES_BATCHES));
        c.receive(BrowserBytes.ack(1));
        int before = rec.messages.size();
        screen.paint(new Rect(0, 0, 3, 3), 0x123456);
        screen.paint(new Rect(20, 10, 5, 2), 0x654321);
        byte[] frame = rec.messages.get(before);
        assertThat(frame[0]).as("a BATCH").isEqualTo((byte) 0x08);
        // Its parts: the region(s), then FRAME_END 2 (length 5, type 3, frame 2) at the very end.
        assertThat(java.util.Arrays.copyOfRange(frame, frame.length - 8, frame.length))
                .containsExactly(0, 0, 5, 3, 0, 0, 0, 2);
    }

    @Test
    void anIdleScreenSendsNothingAndArmsNoTimer() throws Exception {
        DisplayConnection idle = new DisplayConnection("g-1", out, Runnable::run, timer, Duration.ofMillis(1));
        idle.start(sources);
        idle.receive(BrowserBytes.hello(0));
        idle.receive(BrowserBytes.ack(1));
        int before = out.messages.size();
        Thread.sleep(150);
        assertThat(out.messages).hasSize(before);
        assertThat(timer.getQueue()).isEmpty();
    }

    @Test
    void aFastChangingPhotoGoesLossyAndTheTimerRepaintsItLosslesslyOnceItSettles() {
        FakeScreen big = new FakeScreen(256, 192);
        RecordingOutbound rec = new RecordingOutbound();
        DisplayConnection c = new DisplayConnection("g-1", rec, Runnable::run, timer);
        c.start(new FakeSources(big));
        c.receive(BrowserBytes.hello(BrowserMessage.ACCEPTS_JPEG));
        Random random = new Random(7);
        // Changes 5 times in a row, each within 200 ms of the last, make an area fast-changing; a
        // busy machine may stretch a gap, so keep changing it until it goes JPEG (or give up).
        boolean lossy = false;
        for (int i = 0; i < 60 && !lossy; i++) {
            big.noise(new Rect(0, 0, 128, 128), random);
            c.receive(BrowserBytes.ack(rec.frames().getLast()));
            sleep(20);
            lossy = rec.messages.stream().map(HostMessageReader::read).anyMatch(m -> m instanceof HostMessage.Jpeg);
        }
        assertThat(lossy).as("a fast-changing photographic area goes JPEG").isTrue();
        int sent = rec.messages.size();

        // Still now: no damage arrives any more, only the refinement timer can repaint it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            c.receive(BrowserBytes.ack(rec.frames().getLast()));
            assertThat(rec.canvas().rgb()).isEqualTo(big.rgb());
        });
        assertThat(rec.messages.size()).isGreaterThan(sent);
        sleep(100);
        assertThat(timer.getQueue()).as("no timer once everything is lossless").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void pingIsAnsweredAtOnceEvenWithTheWindowShut() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        screen.paint(new Rect(0, 0, 8, 8), 0x111111);
        screen.paint(new Rect(0, 0, 8, 8), 0x222222);
        connection.receive(ByteBuffer.wrap(new byte[] {(byte) 0x86, 0, 0, 1, 2}));
        assertThat(out.read(out.messages.size() - 1)).isEqualTo(new HostMessage.Pong(0x102));
    }

    @Test
    void refreshRepaintsTheWholeScreen() {
        screen.paint(new Rect(0, 0, W, H), 0x405060);
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        connection.receive(BrowserBytes.ack(1));
        connection.receive(ByteBuffer.wrap(new byte[] {(byte) 0x87}));
        assertThat(out.frames()).containsExactly(1L, 2L);
        Canvas fresh = new Canvas(W, H);
        out.messagesAfterFrame(1).forEach(fresh::apply);
        assertThat(fresh.rgb()).isEqualTo(screen.rgb());
    }

    @Test
    void anAckOfAFrameNotSentIsABadRequest() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        connection.receive(BrowserBytes.ack(7));
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
    }

    @Test
    void aViewerThatCannotTakeDataIsDropped() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        connection.receive(BrowserBytes.ack(1));
        out.failSends = true;
        screen.paint(new Rect(0, 0, 4, 4), 0xffffff);
        assertThat(out.closed).isEqualTo(new Ending(4503, "UNAVAILABLE"));
        assertThat(sources.leases).isZero();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
