package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.display.protocol.BrowserMessage;
import dev.ventana.host.display.source.GuestInput;
import org.junit.jupiter.api.Test;

class ViewerInputTest {
    final FakeScreen guest = new FakeScreen(64, 48);
    final ViewerInput input = new ViewerInput();

    @Test
    void whatIsHeldIsReleasedOnceAndInputAfterTheReleaseIsDropped() throws Exception {
        input.deliver(new BrowserMessage.Key(true, 0x1d), guest);
        input.deliver(new BrowserMessage.Pointer(3, 4, 2), guest);
        input.release(guest);
        input.deliver(new BrowserMessage.Key(true, 0x1e), guest);
        input.release(guest);
        assertThat(guest.input).containsExactly(
                new GuestInput.Key(0x1d, true), new GuestInput.Pointer(3, 4, 2),
                new GuestInput.Key(0x1d, false), new GuestInput.Pointer(3, 4, 0));
    }
}
