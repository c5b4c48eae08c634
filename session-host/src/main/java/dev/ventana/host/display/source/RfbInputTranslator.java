package dev.ventana.host.display.source;

import dev.ventana.host.display.protocol.BrowserMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the browser's input messages into RFB input for the guest, and remembers what that
 * input holds down: the keys and buttons a viewer that goes away mid-press must release, or the
 * guest keeps them pressed for the next viewer. RFB has no wheel message: a notch is a press and
 * release of buttons 4-7 at the pointer's position, so this remembers the last position too.
 * One per connection; not thread-safe: its owner sends what it returns under the same lock, so
 * that releases never overtake the input they release.
 */
public final class RfbInputTranslator {

    static final int RFB_WHEEL_UP = 1 << 3;
    static final int RFB_WHEEL_DOWN = 1 << 4;
    static final int RFB_WHEEL_LEFT = 1 << 5;
    static final int RFB_WHEEL_RIGHT = 1 << 6;
    /** Left, middle, right are bits 0-2 in both protocols. */
    private static final int SHARED_BUTTONS = 0b111;

    /** Scancodes pressed and not yet released, in the order they went down. */
    private final Set<Integer> heldKeys = new LinkedHashSet<>();
    private int x;
    private int y;
    private int buttons;

    /** The guest input for one admitted browser message; empty for messages that are not input. */
    public List<GuestInput> translate(BrowserMessage message) {
        return switch (message) {
            case BrowserMessage.Key k -> {
                if (k.down()) {
                    heldKeys.add(k.code());
                } else {
                    heldKeys.remove(k.code());
                }
                yield List.of(new GuestInput.Key(k.code(), k.down()));
            }
            case BrowserMessage.Pointer p -> {
                x = p.x();
                y = p.y();
                // Back and forward (bits 3, 4) have no place in the 8-bit RFB mask, whose bits 3-6
                // are the wheel; QEMU 7.2 offers no extended-button encoding, so they are dropped.
                buttons = p.buttons() & SHARED_BUTTONS;
                yield List.of(new GuestInput.Pointer(x, y, buttons));
            }
            case BrowserMessage.Wheel w -> wheel(w);
            default -> List.of();
        };
    }

    /**
     * Releases for every key and button still held (keys first, in the order they were
     * pressed), for when the connection ends; afterwards nothing counts as held.
     */
    public List<GuestInput> releaseHeld() {
        List<GuestInput> releases = new ArrayList<>();
        for (int code : heldKeys) {
            releases.add(new GuestInput.Key(code, false));
        }
        heldKeys.clear();
        if (buttons != 0) {
            buttons = 0;
            releases.add(new GuestInput.Pointer(x, y, 0));
        }
        return releases;
    }

    private List<GuestInput> wheel(BrowserMessage.Wheel w) {
        List<GuestInput> out = new ArrayList<>();
        notches(out, w.dy(), RFB_WHEEL_DOWN, RFB_WHEEL_UP);
        notches(out, w.dx(), RFB_WHEEL_RIGHT, RFB_WHEEL_LEFT);
        return out;
    }

    private void notches(List<GuestInput> out, int count, int positiveBit, int negativeBit) {
        int bit = count > 0 ? positiveBit : negativeBit;
        for (int i = 0; i < Math.abs(count); i++) {
            out.add(new GuestInput.Pointer(x, y, buttons | bit));
            out.add(new GuestInput.Pointer(x, y, buttons));
        }
    }
}
