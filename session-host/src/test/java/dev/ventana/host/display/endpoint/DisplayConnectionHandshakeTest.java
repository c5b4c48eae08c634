package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.source.Refusal;
import dev.ventana.host.errors.ErrorKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A {@link DisplayConnection}'s start and end: the HELLO exchange, the checks that close a
 * viewer (order, size, malformed messages, the HELLO timeout) and how refusals and the screen's
 * end reach the viewer. Real stream, gate and encoders; a fake screen source and transport.
 */
class DisplayConnectionHandshakeTest extends ConnectionUnderTest {
    @Test
    void helloIsAnsweredWithTheScreenSizeThenAFrameThatPaintsIt() {
        screen.paint(new Rect(0, 0, W, H), 0x203040);
        screen.paint(new Rect(5, 6, 20, 10), 0xffcc00);
        connection.start(sources);
        assertThat(out.messages).as("nothing before the browser's HELLO").isEmpty();

        connection.receive(BrowserBytes.hello(0));

        assertThat(out.read(0)).isEqualTo(new HostMessage.Hello(1, W, H, 3));
        assertThat(out.read(out.messages.size() - 1)).isEqualTo(new HostMessage.FrameEnd(1));
        assertThat(out.canvas().rgb()).isEqualTo(screen.rgb());
    }

    @Test
    void aMessageBeforeHelloIsABadRequest() {
        connection.start(sources);
        connection.receive(BrowserBytes.key(true, 0x1e));
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
        assertThat(screen.input).isEmpty();
        assertThat(sources.leases).isZero();
    }

    @Test
    void aTruncatedMessageClosesWith4400AndTheGuestGetsNothingOfIt() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        connection.receive(ByteBuffer.wrap(new byte[] {(byte) 0x82, 1, 0}));
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
        assertThat(screen.input).isEmpty();
        int sent = out.messages.size();
        connection.receive(BrowserBytes.key(true, 0x1e));
        screen.paint(new Rect(0, 0, 4, 4), 0xffffff);
        assertThat(screen.input).as("nothing after the close").isEmpty();
        assertThat(out.messages).hasSize(sent);
    }

    @Test
    void aMessageOverOneMebibyteIsTooLarge() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        connection.receive(ByteBuffer.allocate((1 << 20) + 1));
        assertThat(out.closed).isEqualTo(new Ending(4413, "TOO_LARGE"));
    }

    @Test
    void aViewerThatNeverSaysHelloIsClosedAndLetsGoOfTheScreen() {
        DisplayConnection silent = new DisplayConnection("g-1", out, Runnable::run, timer, Duration.ofMillis(50));
        silent.start(sources);
        assertThat(sources.leases).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> out.closed != null);
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
        assertThat(sources.leases).isZero();
    }

    @Test
    void aViewerThatSaysHelloInTimeIsKept() throws Exception {
        DisplayConnection prompt = new DisplayConnection("g-1", out, Runnable::run, timer, Duration.ofMillis(50));
        prompt.start(sources);
        prompt.receive(BrowserBytes.hello(0));
        Thread.sleep(150);
        assertThat(out.closed).isNull();
    }

    @Test
    void aRefusedGuestClosesAtOnceWithTheRefusalsCode() {
        DisplayConnection unknown = new DisplayConnection("nope", out, Runnable::run, timer);
        unknown.start(sources);
        assertThat(out.closed).isEqualTo(new Ending(4404, "NOT_FOUND"));
    }

    @Test
    void theScreenEndingClosesTheViewerWithItsEnding() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        screen.end(Ending.SESSION_ENDED);
        assertThat(out.closed).isEqualTo(new Ending(1000, "SESSION_ENDED"));
        assertThat(sources.leases).isZero();
    }

    @Test
    void endingsSpeakTheErrorVocabulary() {
        assertThat(Ending.of(ErrorKind.UPSTREAM_FAILED)).isEqualTo(new Ending(4502, "UPSTREAM_FAILED"));
        assertThat(Ending.SESSION_ENDED).isEqualTo(new Ending(1000, "SESSION_ENDED"));
        assertThatThrownBy(() -> sources.open("other", null)).isInstanceOf(Refusal.class);
    }
}
