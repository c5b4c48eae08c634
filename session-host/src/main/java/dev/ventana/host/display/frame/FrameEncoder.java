package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.display.protocol.HostMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one frame's work from the screen as it is now (newest picture wins) into the
 * messages to send, in order: RESIZE if any, a COPY if part of the screen scrolled or a block
 * moved, RESTOREs where a change shows again what a COPY covered ({@link Exposures}), the regions
 * that really differ from what the browser shows, FRAME_END. It reports which rectangles went
 * lossy and leaves it to the owner of the composer to tell it, so the encoder depends on the
 * frame it is given and nothing else. One per connection; not thread-safe.
 */
final class FrameEncoder {

    /** Smaller changes are cheaper to repaint than to look for elsewhere. */
    static final int MIN_MOVE_PIXELS = 256;
    /** Changes this large look for their source in the whole frame's damage, not just their own area. */
    static final int WIDE_SEARCH_PIXELS = 64 * 64;
    /** Changed areas looked for as moved blocks per frame, largest first. */
    static final int MAX_MOVE_SEARCHES = 2;
    /** How far a block may have moved since the last frame and still be found (a quick drag at 60 Hz moves less). */
    static final int MOVE_RADIUS = 160;

    private final RegionEncoder regions;
    private final ScrollDetector scrolls = new ScrollDetector();
    private final MoveDetector moves = new MoveDetector();
    private final Exposures exposures = new Exposures();
    private final boolean browserTakesJpeg;
    private final boolean saveUnder;
    private CanvasMirror canvas;

    public FrameEncoder(RegionEncoder regions, int width, int height, boolean browserTakesJpeg) {
        this(regions, width, height, browserTakesJpeg, false);
    }

    /** saveUnder: the browser keeps a save-under buffer (HELLO flag bit 4) and paints RESTORE. */
    public FrameEncoder(RegionEncoder regions, int width, int height, boolean browserTakesJpeg, boolean saveUnder) {
        this.regions = regions;
        this.browserTakesJpeg = browserTakesJpeg;
        this.saveUnder = saveUnder;
        this.canvas = new CanvasMirror(width, height, saveUnder);
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
            canvas = new CanvasMirror(resize.width(), resize.height(), saveUnder);
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
        List<FrameComposer.Work> todo = new ArrayList<>(moves(frame, screen, messages));
        todo.addAll(frame.work());
        for (FrameComposer.Work work : todo) {
            Rect changed = restore(screen, canvas.changedWithin(screen, work.rect()), messages);
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

    /** RESTOREs what the save-under holds of a change; returns what is still to paint, or null. */
    private Rect restore(Screen screen, Rect changed, List<HostMessage> messages) {
        if (changed == null) {
            return null;
        }
        List<Rect> held = exposures.find(screen, canvas, changed);
        for (Rect r : held) {
            HostMessage.Restore restore = new HostMessage.Restore(r);
            canvas.apply(restore, screen);
            messages.add(restore);
        }
        return held.isEmpty() ? changed : canvas.changedWithin(screen, changed);
    }

    /**
     * A COPY per changed area where a block moved (a dragged window), applied to the canvas and
     * added to the messages; returns their rectangles as work, so that what a copy left wrong is
     * repainted even where it reached beyond the damage. A large change looks for its source in
     * every damaged area (a window dragged far left a hole elsewhere), a small one only in its own.
     */
    private List<FrameComposer.Work> moves(FrameComposer.Frame frame, Screen screen, List<HostMessage> messages) {
        List<FrameComposer.Work> copied = new ArrayList<>();
        Rect all = null;
        List<Rect[]> candidates = new ArrayList<>(); // {changed, its area}
        for (Rect area : frame.areas()) {
            Rect onScreen = area.intersection(screen.bounds());
            if (onScreen == null) {
                continue;
            }
            all = all == null ? onScreen : all.union(onScreen);
            Rect changed = canvas.changedWithin(screen, onScreen);
            if (changed != null && changed.area() >= MIN_MOVE_PIXELS) {
                candidates.add(new Rect[] {changed, onScreen});
            }
        }
        // The largest changes only: a drag is one block moving, and every search scans its
        // surroundings in the canvas, which is what a move costs in CPU.
        candidates.sort((a, b) -> Long.compare(b[0].area(), a[0].area()));
        for (Rect[] c : candidates.subList(0, Math.min(MAX_MOVE_SEARCHES, candidates.size()))) {
            Rect changed = c[0];
            Rect near = new Rect(Math.max(0, changed.x() - MOVE_RADIUS), Math.max(0, changed.y() - MOVE_RADIUS),
                    changed.width() + 2 * MOVE_RADIUS, changed.height() + 2 * MOVE_RADIUS);
            Rect search = (changed.area() >= WIDE_SEARCH_PIXELS ? all : c[1]).intersection(near);
            MoveDetector.Move move = search == null ? null : moves.find(screen, canvas, changed, search);
            if (move != null) {
                HostMessage.Copy copy = new HostMessage.Copy(move.to(), move.srcX(), move.srcY());
                canvas.apply(copy, screen);
                messages.add(copy);
                copied.add(new FrameComposer.Work(move.to(), false));
            }
        }
        return copied;
    }
}
