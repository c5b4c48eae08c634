package dev.ventana.host.rfb;

import java.util.List;

/** Told after every framebuffer update has been applied; called on the client's reader thread. */
@FunctionalInterface
public interface FramebufferListener {
    void updated(Framebuffer framebuffer, List<Rect> changed, boolean resized);
}
