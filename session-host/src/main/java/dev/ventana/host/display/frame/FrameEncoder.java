package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.display.protocol.HostMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one frame's work from the screen as it is now (newest picture wins) into the
 * messages to send, in order: RESIZE if any, a COPY if part of the screen scrolled, the regions
 * that really differ from what the browser shows, FRAME_END. It reports which rectangles went
 * lossy and leaves it to the owner of the composer to tell it, so the encoder depends on the
 * frame it is given and nothing else. One per connection; not thread-safe.
 */
final class FrameEncoder {

    private final RegionEncoder regions;
    private final ScrollDetector scrolls = new ScrollDetector();
    private final boolean browserTakesJpeg;
    private CanvasMirror canvas;

    public FrameEncoder(RegionEncoder regions, int width, int height, boolean browserTakesJpeg) {
        this.regions = regions;
        this.browserTakesJpeg = browserTakesJpeg;
        this.canvas = new CanvasMirror(width, height);
    }

    /** The browser asked for a full repaint: assume nothing about its canvas. */
    public void forgetCanvas() {
        canvas.forget();
    }

    /**
     * One frame as sent: its messages, and the rectangles among them that went as JPEG (the
     * browser holds an approximation there until a lossless repaint).
     */
    public record Encoded(List<HostMessage> messages, List<Rect> lossy) {
        public Encoded {
            messages = List.copyOf(messages);
            lossy = List.copyOf(lossy);
        }
    }

    public Encoded encode(FrameComposer.Frame frame, Screen screen) {
        List<HostMessage> messages = new ArrayList<>();
        List<Rect> lossy = new ArrayList<>();
        frame.resize().ifPresent(resize -> {
            messages.add(resize);
            canvas = new CanvasMirror(resize.width(), resize.height());
        });
        if (canvas.width() != screen.width() || canvas.height() != screen.height()) {
            throw new IllegalStateException("screen is " + screen.width() + "x" + screen.height()
                    + " but the frame was composed for " + canvas.width() + "x" + canvas.height() + ": call resize first");
        }
        // Per changed area, not over the whole frame: a window scrolling while the panel clock
        // ticks elsewhere must still be found, and rows that span both would never match.
        for (Rect area : frame.areas()) {
            Rect onScreen = area.intersection(screen.bounds());
            ScrollDetector.Scroll scroll = onScreen == null ? null : scrolls.find(screen, canvas, onScreen);
            if (scroll != null) {
                HostMessage.Copy copy = new HostMessage.Copy(scroll.to(), scroll.to().x(), scroll.srcY());
                canvas.apply(copy, screen);
                messages.add(copy);
            }
        }
        for (FrameComposer.Work work : frame.work()) {
            Rect changed = canvas.changedWithin(screen, work.rect());
            if (changed == null) {
                continue;
            }
            for (HostMessage.Region region : regions.encode(screen, changed, browserTakesJpeg && work.fastChanging())) {
                if (region instanceof HostMessage.Jpeg) {
                    lossy.add(region.rect());
                }
                canvas.apply(region, screen);
                messages.add(region);
            }
        }
        messages.add(new HostMessage.FrameEnd(frame.number()));
        return new Encoded(messages, lossy);
    }
}
