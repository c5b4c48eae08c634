package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.codec.RegionEncoder;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.ProtocolViolation;
import dev.ventana.host.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flow control for one viewer: collects what changed on the screen, and hands out the next
 * frame's work only while fewer than {@code window} frames wait for the browser's
 * acknowledgement. While the window is shut changes keep merging, so a slow browser gets the
 * newest picture, never a backlog. Time is passed in (nanoseconds) so tests need no clock.
 * Not thread-safe: the display endpoint calls it from one thread or under one lock.
 */
final class FrameComposer {

    public static final int DEFAULT_WINDOW = 3;
    public static final int DEFAULT_MAX_RECTS = 32;

    private final int window;
    private final int maxRects;
    private int width;
    private int height;
    private DamageList damage;
    private ChangeHeat heat;
    private boolean resized;
    private long lastSent;
    private long lastAcked;

    public FrameComposer(int width, int height, int window, int maxRects) {
        if (window < 1 || window > 0xff) {
            throw new IllegalArgumentException("window " + window);
        }
        this.window = window;
        this.maxRects = maxRects;
        reset(width, height);
        resized = false; // the HELLO carries the first size; frame 1 just paints it
    }

    public FrameComposer(int width, int height) {
        this(width, height, DEFAULT_WINDOW, DEFAULT_MAX_RECTS);
    }

    /** One area that a frame must repaint, cut at tile boundaries of the screen. */
    public record Work(Rect rect, boolean fastChanging) {
    }

    /**
     * The work of one frame; {@code resize} says a RESIZE message goes first. {@code areas} are
     * the merged changed rectangles before cutting, where a scroll can be looked for.
     */
    public record Frame(long number, Optional<HostMessage.Resize> resize, List<Rect> areas, List<Work> work) {
    }

    /** The screen changed under the rectangle (clipped to the screen; outside is ignored). */
    public void damage(Rect r, long nowNanos) {
        Rect clipped = r.intersection(new Rect(0, 0, width, height));
        if (clipped != null) {
            damage.add(clipped);
            heat.changed(clipped, nowNanos);
        }
    }

    /** The whole screen must be repainted (the browser asked with REFRESH). */
    public void refresh() {
        damage.add(new Rect(0, 0, width, height));
    }

    /** The guest changed resolution: forget old damage, the next frame starts with a RESIZE. */
    public void resize(int newWidth, int newHeight) {
        reset(newWidth, newHeight);
    }

    /**
     * A FRAME_ACK arrived. Returns whether it opened a shut window: only then can a frame be due
     * that was not due before (every other change asks for a frame itself), so only then need the
     * endpoint look for one; most acks arrive with the window open and cost nothing more.
     */
    public boolean acknowledge(long frame) throws ProtocolViolation {
        if (frame > lastSent) {
            throw new ProtocolViolation(ErrorKind.BAD_REQUEST, "ack of frame " + frame + ", only " + lastSent + " sent");
        }
        if (frame < lastAcked) {
            throw new ProtocolViolation(ErrorKind.BAD_REQUEST, "ack of frame " + frame + " after " + lastAcked);
        }
        boolean wasShut = !windowOpen();
        lastAcked = frame;
        return wasShut && windowOpen();
    }

    public boolean windowOpen() {
        return lastSent - lastAcked < window;
    }

    /**
     * True while a lossy area still waits for its lossless repaint: the endpoint must then keep
     * calling {@link #nextFrame} on a timer even when the screen is still.
     */
    public boolean refinementPending() {
        return heat.holdsLossy();
    }

    /** The encoder sent this area as JPEG: repaint it losslessly once it settles. */
    public void sentLossy(Rect r) {
        heat.sentLossy(r);
    }

    /** The next frame's work, or empty if the window is shut or nothing changed. */
    public Optional<Frame> nextFrame(long nowNanos) {
        if (!windowOpen()) {
            return Optional.empty();
        }
        for (Rect settled : heat.takeSettledLossy(nowNanos)) {
            damage.add(settled);
        }
        if (damage.isEmpty() && !resized) {
            return Optional.empty();
        }
        List<Rect> areas = damage.drain();
        List<Work> work = new ArrayList<>();
        for (Rect r : areas) {
            cutAtTiles(r, nowNanos, work);
        }
        Optional<HostMessage.Resize> resize = resized ? Optional.of(new HostMessage.Resize(width, height)) : Optional.empty();
        resized = false;
        return Optional.of(new Frame(++lastSent, resize, areas, List.copyOf(work)));
    }

    public long lastSent() {
        return lastSent;
    }

    public long lastAcked() {
        return lastAcked;
    }

    private void reset(int newWidth, int newHeight) {
        if (newWidth < 1 || newHeight < 1 || newWidth > HostMessage.MAX_SCREEN_SIDE || newHeight > HostMessage.MAX_SCREEN_SIDE) {
            throw new IllegalArgumentException("screen " + newWidth + "x" + newHeight);
        }
        width = newWidth;
        height = newHeight;
        damage = new DamageList(maxRects);
        heat = new ChangeHeat(newWidth, newHeight, RegionEncoder.TILE);
        damage.add(new Rect(0, 0, width, height));
        resized = true;
    }

    /**
     * Where any part is fast-changing, cutting on the screen's tile grid gives each piece its
     * own verdict; elsewhere the rectangle stays whole, which compresses better.
     */
    private void cutAtTiles(Rect r, long nowNanos, List<Work> out) {
        if (!heat.anyHot(r, nowNanos)) {
            out.add(new Work(r, false));
            return;
        }
        int t = RegionEncoder.TILE;
        for (int y = r.y(); y < r.bottom(); y = (y / t + 1) * t) {
            int bottom = Math.min(r.bottom(), (y / t + 1) * t);
            for (int x = r.x(); x < r.right(); x = (x / t + 1) * t) {
                int right = Math.min(r.right(), (x / t + 1) * t);
                Rect piece = new Rect(x, y, right - x, bottom - y);
                out.add(new Work(piece, heat.hot(piece, nowNanos)));
            }
        }
    }
}
