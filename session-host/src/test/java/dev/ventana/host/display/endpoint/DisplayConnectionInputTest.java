package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.source.GuestInput;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A {@link DisplayConnection}'s input: keys and pointer reach the guest, and what the viewer
 * holds down is released when it goes. A fake screen source records the guest's input.
 */
class DisplayConnectionInputTest extends ConnectionUnderTest {
    @Test
    void keysAndPointerReachTheGuestAndWhatIsHeldIsReleasedWhenTheViewerGoes() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        connection.receive(BrowserBytes.key(true, 0x1e));
        connection.receive(BrowserBytes.key(false, 0x1e));
        connection.receive(BrowserBytes.key(true, 0xe01d)); // right control, held
        connection.receive(BrowserBytes.pointer(10, 20, 1)); // left button, held
        connection.receive(BrowserBytes.pointer(W + 5, 3, 1)); // outside: dropped
        assertThat(screen.input).containsExactly(
                new GuestInput.Key(0x1e, true), new GuestInput.Key(0x1e, false),
                new GuestInput.Key(0xe01d, true), new GuestInput.Pointer(10, 20, 1));

        connection.transportClosed();

        assertThat(screen.input.subList(4, screen.input.size())).containsExactly(
                new GuestInput.Key(0xe01d, false), new GuestInput.Pointer(10, 20, 0));
        assertThat(sources.leases).isZero();
        screen.paint(new Rect(0, 0, 4, 4), 0xffffff);
        assertThat(out.closed).isNull();
    }

    @Test
    void aViewerClosedForBreakingTheProtocolReleasesWhatItHeldAndSendsNothingMore() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        connection.receive(BrowserBytes.key(true, 0x2a)); // left shift, held
        connection.receive(ByteBuffer.wrap(new byte[] {(byte) 0x84, 0, 0})); // a wheel of no notches
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
        connection.receive(BrowserBytes.key(true, 0x1e));
        assertThat(screen.input).containsExactly(new GuestInput.Key(0x2a, true), new GuestInput.Key(0x2a, false));
        assertThat(sources.leases).isZero();
    }

    @Test
    void wheelNotchesReachTheGuestAsButtonPressesAtThePointer() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        connection.receive(BrowserBytes.pointer(5, 6, 0));
        connection.receive(ByteBuffer.wrap(new byte[] {(byte) 0x84, 0, 1})); // one notch down
        assertThat(screen.input).containsExactly(new GuestInput.Pointer(5, 6, 0),
                new GuestInput.Pointer(5, 6, 1 << 4), new GuestInput.Pointer(5, 6, 0));
    }
}
