package dev.ventana.host.display.frame;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.ProtocolViolation;
import dev.ventana.host.errors.ErrorKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameComposerTest {

    private static final long MS = 1_000_000L;

    @Test
    void theFirstFramePaintsTheWholeScreenWithoutAResize() {
        FrameComposer composer = new FrameComposer(720, 400);
        FrameComposer.Frame frame = composer.nextFrame(0).orElseThrow();
        assertEquals(1, frame.number());
        assertTrue(frame.resize().isEmpty());
        assertEquals(720L * 400, frame.work().stream().mapToLong(w -> w.rect().area()).sum());
        assertTrue(composer.nextFrame(0).isEmpty(), "nothing changed since");
    }

    @Test
    void stillAreasStayWholeAndFastOnesAreCutOnTheTileGrid() {
        FrameComposer composer = new FrameComposer(720, 400, 255, 32);
        composer.nextFrame(0);
        composer.damage(new Rect(250, 250, 10, 10), 0);
        assertEquals(List.of(new FrameComposer.Work(new Rect(250, 250, 10, 10), false)), composer.nextFrame(0).orElseThrow().work());
        long now = 0;
        for (int i = 0; i < ChangeHeat.HOT_RUN; i++) {
            now += 50 * MS;
            composer.damage(new Rect(250, 250, 10, 10), now);
            composer.nextFrame(now);
        }
        composer.damage(new Rect(250, 250, 10, 10), now + 50 * MS);
        List<Rect> pieces = composer.nextFrame(now + 50 * MS).orElseThrow().work().stream().map(FrameComposer.Work::rect).toList();
        assertEquals(List.of(new Rect(250, 250, 6, 6), new Rect(256, 250, 4, 6), new Rect(250, 256, 6, 4), new Rect(256, 256, 4, 4)), pieces);
    }

    @Test
    void aShutWindowHoldsFramesBackAndAnAckOpensIt() throws ProtocolViolation {
        FrameComposer composer = new FrameComposer(100, 100, 2, 32);
        assertEquals(1, composer.nextFrame(0).orElseThrow().number());
        composer.damage(new Rect(0, 0, 1, 1), 0);
        assertEquals(2, composer.nextFrame(0).orElseThrow().number());
        composer.damage(new Rect(5, 5, 1, 1), 0);
        assertFalse(composer.windowOpen());
        assertTrue(composer.nextFrame(0).isEmpty(), "two frames in flight with a window of 2");
        assertTrue(composer.acknowledge(1), "the ack opened the shut window");
        assertFalse(composer.acknowledge(1), "a repeat opens nothing");
        FrameComposer.Frame third = composer.nextFrame(0).orElseThrow();
        assertEquals(3, third.number());
        assertEquals(List.of(new Rect(5, 5, 1, 1)), third.work().stream().map(FrameComposer.Work::rect).toList());
    }

    @Test
    void changesWhileTheWindowIsShutMergeIntoOneFrame() throws ProtocolViolation {
        FrameComposer composer = new FrameComposer(100, 100, 1, 32);
        composer.nextFrame(0);
        for (int i = 0; i < 50; i++) {
            composer.damage(new Rect(10, 10 + i, 20, 1), i * MS); // a line growing downwards, 50 updates
        }
        assertTrue(composer.nextFrame(50 * MS).isEmpty());
        composer.acknowledge(1);
        FrameComposer.Frame frame = composer.nextFrame(50 * MS).orElseThrow();
        assertEquals(2, frame.number());
        assertEquals(List.of(new Rect(10, 10, 20, 50)), frame.work().stream().map(FrameComposer.Work::rect).toList());
    }

    @Test
    void acksForFramesNotSentOrGoingBackwardsAreViolations() throws ProtocolViolation {
        FrameComposer composer = new FrameComposer(100, 100);
        composer.nextFrame(0);
        composer.damage(new Rect(0, 0, 1, 1), 0);
        composer.nextFrame(0);
        assertEquals(ErrorKind.BAD_REQUEST, assertThrows(ProtocolViolation.class, () -> composer.acknowledge(3)).kind());
        assertFalse(composer.acknowledge(2), "the window of 3 was open: nothing more is due");
        composer.acknowledge(2); // a repeat is harmless
        assertEquals(ErrorKind.BAD_REQUEST, assertThrows(ProtocolViolation.class, () -> composer.acknowledge(1)).kind());
    }

    @Test
    void aResizeStartsTheNextFrameWithTheNewSizeAndRepaintsAll() throws ProtocolViolation {
        FrameComposer composer = new FrameComposer(720, 400);
        composer.nextFrame(0);
        composer.acknowledge(1);
        composer.damage(new Rect(0, 0, 10, 10), 0);
        composer.resize(1024, 768);
        FrameComposer.Frame frame = composer.nextFrame(0).orElseThrow();
        assertEquals(Optional.of(new HostMessage.Resize(1024, 768)), frame.resize());
        assertEquals(1024L * 768, frame.work().stream().mapToLong(w -> w.rect().area()).sum());
    }

    @Test
    void damageOutsideTheScreenIsClippedOrIgnored() {
        FrameComposer composer = new FrameComposer(100, 100);
        composer.nextFrame(0);
        composer.damage(new Rect(200, 200, 5, 5), 0);
        assertTrue(composer.nextFrame(0).isEmpty());
        composer.damage(new Rect(95, 95, 20, 20), 0);
        assertEquals(new Rect(95, 95, 5, 5), composer.nextFrame(0).orElseThrow().work().getFirst().rect());
    }

    @Test
    void refreshRepaintsEverything() {
        FrameComposer composer = new FrameComposer(300, 300);
        composer.nextFrame(0);
        composer.refresh();
        assertEquals(300L * 300, composer.nextFrame(0).orElseThrow().work().stream().mapToLong(w -> w.rect().area()).sum());
    }

    @Test
    void anAreaChangingFiveTimesASecondOrMoreIsFastChanging() throws ProtocolViolation {
        FrameComposer composer = new FrameComposer(512, 512, 255, 32);
        composer.nextFrame(0);
        Rect video = new Rect(0, 0, 200, 150);
        long now = 0;
        for (int i = 0; i < ChangeHeat.HOT_RUN; i++) {
            now += 40 * MS;
            composer.damage(video, now);
            FrameComposer.Work work = composer.nextFrame(now).orElseThrow().work().getFirst();
            assertEquals(i + 1 >= ChangeHeat.HOT_RUN, work.fastChanging(), "update " + (i + 1));
        }
        composer.damage(video, now + 500 * MS); // after a pause the run starts again
        assertFalse(composer.nextFrame(now + 500 * MS).orElseThrow().work().getFirst().fastChanging());
    }

    @Test
    void lossyAreasAreRepaintedOnceTheyHaveSettled() {
        FrameComposer composer = new FrameComposer(512, 512, 255, 32);
        composer.nextFrame(0);
        Rect video = new Rect(10, 10, 100, 100);
        composer.damage(video, 0);
        composer.nextFrame(0);
        composer.sentLossy(video);
        assertTrue(composer.refinementPending());
        assertTrue(composer.nextFrame(ChangeHeat.SETTLE_NANOS - 1).isEmpty(), "not settled yet");
        FrameComposer.Frame refined = composer.nextFrame(ChangeHeat.SETTLE_NANOS).orElseThrow();
        assertEquals(List.of(new FrameComposer.Work(video, false)), refined.work());
        assertFalse(composer.refinementPending());
    }

    /** However many changes arrive while the browser is stalled, the pending work stays bounded. */
    @Property(tries = 100)
    void pendingWorkStaysBounded(@ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 1023) Integer> corners) {
        FrameComposer composer = new FrameComposer(1024, 768, 1, 8);
        composer.nextFrame(0); // the browser never acks this one
        for (int i = 0; i + 1 < corners.size(); i += 2) {
            composer.damage(new Rect(corners.get(i), corners.get(i + 1) % 768, 7, 9), i);
        }
        assertTrue(composer.nextFrame(0).isEmpty());
        try {
            composer.acknowledge(1);
        } catch (ProtocolViolation e) {
            throw new AssertionError(e);
        }
        List<FrameComposer.Work> work = composer.nextFrame(0).map(FrameComposer.Frame::work).orElse(List.of());
        // 8 merged rectangles, each cut into at most 4x3 tiles... far below one per change
        assertTrue(work.size() <= 8 * 12, "pieces: " + work.size());
        for (int i = 0; i + 1 < corners.size(); i += 2) {
            Rect changed = new Rect(corners.get(i), corners.get(i + 1) % 768, 7, 9).intersection(new Rect(0, 0, 1024, 768));
            if (changed != null) {
                assertTrue(covered(changed, work), "lost the change at " + changed);
            }
        }
    }

    private static boolean covered(Rect r, List<FrameComposer.Work> work) {
        for (int y = r.y(); y < r.bottom(); y++) {
            for (int x = r.x(); x < r.right(); x++) {
                Rect px = new Rect(x, y, 1, 1);
                if (work.stream().noneMatch(w -> w.rect().contains(px))) {
                    return false;
                }
            }
        }
        return true;
    }
}
