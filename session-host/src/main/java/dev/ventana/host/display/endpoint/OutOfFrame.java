package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.source.ScreenSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one viewer is sent outside its frames, before the next one: the pointer's shape ({@link
 * PointerUpdates}) and the text the guest last copied, if the viewer's HELLO said it takes it.
 * Bounded: one pending text, the newest (a guest that copies faster than the viewer reads loses
 * the ones in between), and one shape. The source's thread notes a text; the pump takes both.
 */
final class OutOfFrame {
    private final PointerUpdates pointer = new PointerUpdates(); // the pump's
    private final AtomicReference<String> copied = new AtomicReference<>();
    private volatile boolean takesClipboard;

    /** From the browser's HELLO. */
    void takesClipboard(boolean takes) {
        takesClipboard = takes;
    }

    /** On the source's thread: the guest copied {@code text}. */
    void copied(String text) {
        copied.set(text);
    }

    /** On the pump: what is due now, in the order to send it. */
    List<HostMessage> due(ScreenSource source) {
        List<HostMessage> due = new ArrayList<>(2);
        pointer.due(source).ifPresent(due::add);
        String text = copied.getAndSet(null);
        if (text != null && takesClipboard) {
            due.add(new HostMessage.Clipboard(text));
        }
        return due;
    }
}
