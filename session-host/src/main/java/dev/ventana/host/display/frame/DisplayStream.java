package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.display.protocol.BrowserMessage;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.InputGate;
import dev.ventana.host.display.protocol.ProtocolViolation;
import java.util.List;
import java.util.Optional;

/**
 * One viewer's display stream, all that the host's display endpoint needs: feed it the screen
 * source's changes and the browser's acks, and ask it for the next frame whenever something
 * changed, an ack arrived, or (while {@link #needsTimer()}) every few tens of milliseconds.
 * Not thread-safe: call it from one thread or under one lock.
 */
public final class DisplayStream {

    private final FrameComposer composer;
    private final FrameEncoder encoder;
    private final int window;
    private int width;
    private int height;

    public DisplayStream(int width, int height, boolean browserTakesJpeg) {
        this(width, height, browserTakesJpeg, FrameComposer.DEFAULT_WINDOW, new RegionEncoder(), false);
    }

    /**
     * As the browser's HELLO asks: JPEG, small regions uncompressed for a compressed hop (flag
     * bit 1, see {@link RegionEncoder}), RESTORE for a browser with a save-under (bit 4).
     */
    public DisplayStream(int width, int height, BrowserMessage.Hello hello) {
        this(width, height, hello.acceptsJpeg(), FrameComposer.DEFAULT_WINDOW, new RegionEncoder(hello.deflatedHop()),
                hello.keepsSaveUnder());
    }

    public DisplayStream(int width, int height, boolean browserTakesJpeg, int window, RegionEncoder regions) {
        this(width, height, browserTakesJpeg, window, regions, false);
    }

    public DisplayStream(int width, int height, boolean browserTakesJpeg, int window, RegionEncoder regions, boolean saveUnder) {
        this.width = width;
        this.height = height;
        this.window = window;
        this.composer = new FrameComposer(width, height, window, FrameComposer.DEFAULT_MAX_RECTS);
        this.encoder = new FrameEncoder(regions, width, height, browserTakesJpeg, saveUnder);
    }

    /** The host's answer to the browser's HELLO. */
    public HostMessage.Hello hello() {
        return new HostMessage.Hello(InputGate.PROTOCOL_VERSION, width, height, window);
    }

    public void damage(Rect r, long nowNanos) {
        composer.damage(r, nowNanos);
    }

    public void resize(int newWidth, int newHeight) {
        if (newWidth != width || newHeight != height) {
            width = newWidth;
            height = newHeight;
            composer.resize(newWidth, newHeight);
        }
    }

    /** Whether the ack opened a shut window, i.e. a frame may be due now (see {@link FrameComposer#acknowledge}). */
    public boolean acknowledge(long frame) throws ProtocolViolation {
        return composer.acknowledge(frame);
    }

    public void refresh() {
        encoder.forgetCanvas();
        composer.refresh();
    }

    public boolean needsTimer() {
        return composer.refinementPending();
    }

    /**
     * The next frame's messages, encoded from the screen as it is now; empty while the window
     * is shut or nothing changed. A screen of another size than last known counts as a resize.
     */
    public Optional<List<HostMessage>> nextFrame(Screen screen, long nowNanos) {
        resize(screen.width(), screen.height());
        return composer.nextFrame(nowNanos).map(frame -> {
            FrameEncoder.Encoded encoded = encoder.encode(frame, screen);
            encoded.lossy().forEach(composer::sentLossy);
            return encoded.messages();
        });
    }
}
