package dev.ventana.host.display.source;

import dev.ventana.host.display.protocol.BrowserMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RfbInputTranslatorTest {

    private final RfbInputTranslator translator = new RfbInputTranslator();

    @Test
    void keysKeepTheirScancode() {
        assertEquals(List.of(new GuestInput.Key(0xe048, true)), translator.translate(new BrowserMessage.Key(true, 0xe048)));
    }

    @Test
    void leftMiddleRightPassAndBackForwardAreDropped() {
        assertEquals(List.of(new GuestInput.Pointer(5, 6, 0b101)), translator.translate(new BrowserMessage.Pointer(5, 6, 0b11101)));
    }

    @Test
    void wheelNotchesArePressAndReleaseAtThePointerKeepingHeldButtons() {
        translator.translate(new BrowserMessage.Pointer(10, 20, 1));
        List<GuestInput> events = translator.translate(new BrowserMessage.Wheel(-1, 2));
        assertEquals(List.of(
                new GuestInput.Pointer(10, 20, 1 | RfbInputTranslator.RFB_WHEEL_DOWN), new GuestInput.Pointer(10, 20, 1),
                new GuestInput.Pointer(10, 20, 1 | RfbInputTranslator.RFB_WHEEL_DOWN), new GuestInput.Pointer(10, 20, 1),
                new GuestInput.Pointer(10, 20, 1 | RfbInputTranslator.RFB_WHEEL_LEFT), new GuestInput.Pointer(10, 20, 1)), events);
    }

    @Test
    void heldButtonsAreReleasedWhenTheViewerGoes() {
        translator.translate(new BrowserMessage.Pointer(3, 4, 4));
        assertEquals(List.of(new GuestInput.Pointer(3, 4, 0)), translator.releaseHeld());
        assertEquals(List.of(), translator.releaseHeld());
    }

    @Test
    void heldKeysAreReleasedInTheOrderTheyWentDownThenTheButtons() {
        translator.translate(new BrowserMessage.Key(true, 0x2a)); // left shift
        translator.translate(new BrowserMessage.Key(true, 0x1e));
        translator.translate(new BrowserMessage.Key(true, 0xe01d)); // right control
        translator.translate(new BrowserMessage.Key(false, 0x1e));
        translator.translate(new BrowserMessage.Pointer(7, 8, 1));
        assertEquals(List.of(new GuestInput.Key(0x2a, false), new GuestInput.Key(0xe01d, false), new GuestInput.Pointer(7, 8, 0)),
                translator.releaseHeld());
        assertEquals(List.of(), translator.releaseHeld(), "nothing is held twice");
    }

    @Test
    void acksPingsAndRefreshesAreNotInput() {
        assertEquals(List.of(), translator.translate(new BrowserMessage.FrameAck(1)));
        assertEquals(List.of(), translator.translate(new BrowserMessage.Ping(1)));
        assertEquals(List.of(), translator.translate(new BrowserMessage.Refresh()));
    }
}
