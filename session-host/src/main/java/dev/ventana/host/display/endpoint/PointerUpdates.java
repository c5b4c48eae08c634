package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.source.ScreenSource;
import java.util.Optional;

/**
 * Which pointer shape one viewer still has to be sent (docs/protocol.md, {@code CURSOR}). The
 * pump asks on every run, after HELLO: the source's current shape, unless it is the one sent
 * last. So the first run after HELLO sends the shape a guest defined before the viewer came, a
 * change sends the newest shape only (those in between are never sent, and nothing piles up),
 * and a source that has none (RFB) sends nothing. Not part of a frame: sent before the frame,
 * like the clipboard. Used by the pump only.
 */
final class PointerUpdates {
    private HostMessage.Cursor sent;

    Optional<HostMessage.Cursor> due(ScreenSource source) {
        Optional<HostMessage.Cursor> now = source.pointer();
        if (now.isEmpty() || now.get() == sent) {
            return Optional.empty();
        }
        sent = now.get();
        return now;
    }
}
