package dev.ventana.host.rfb;

import java.util.List;

/** What one message from the server did, after it was applied to the framebuffer. */
public sealed interface ServerMessage {

    /** Pixels changed in {@code changed}; {@code resized} when the desktop size changed first. */
    record FramebufferUpdate(List<Rect> changed, boolean resized, boolean extendedKeysAcknowledged)
            implements ServerMessage {
        public FramebufferUpdate {
            changed = List.copyOf(changed);
        }
    }

    /** Only sent for colour-mapped formats, which this client never asks for; kept to be skipped. */
    record ColourMapEntries(int firstColour, int count) implements ServerMessage {
    }

    record Bell() implements ServerMessage {
    }

    record CutText(String text) implements ServerMessage {
    }

    /** An extended clipboard message ({@link ExtendedClipboard}); {@code event} null when it means nothing here. */
    record Clipboard(ExtendedClipboard.Event event) implements ServerMessage {
    }
}
