package dev.ventana.host.display.source;

import dev.ventana.host.display.protocol.XtScancode;

/**
 * Input as the guest's RFB connection takes it: what {@link RfbInputTranslator} makes of the
 * browser's messages, ready for {@code RfbClient.key} and {@code RfbClient.pointer}.
 */
public sealed interface GuestInput {

    /** A physical key; scancode as {@link XtScancode} (0x00nn or 0xE0nn). */
    record Key(int scancode, boolean down) implements GuestInput {
    }

    /** An RFB PointerEvent: absolute position, RFB button mask (bit 0 left, 1 middle, 2 right, 3-6 wheel). */
    record Pointer(int x, int y, int rfbButtons) implements GuestInput {
    }
}
