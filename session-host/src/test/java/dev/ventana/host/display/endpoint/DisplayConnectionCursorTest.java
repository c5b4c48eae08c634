package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageReader;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guest's pointer shape through a {@link DisplayConnection}: sent right after HELLO when the
 * guest has one, again on each change (only the newest when several wait), hidden as 0x0, never
 * inside a frame's accounting, and never at all for a source without one (RFB).
 */
class DisplayConnectionCursorTest extends ConnectionUnderTest {

    private static HostMessage.Cursor arrow(int rgb) {
        byte[] rgba = new byte[4 * 4 * 4];
        for (int i = 0; i < rgba.length; i += 4) {
            rgba[i] = (byte) (rgb >> 16);
            rgba[i + 1] = (byte) (rgb >> 8);
            rgba[i + 2] = (byte) rgb;
            rgba[i + 3] = (byte) 0xff;
        }
        return new HostMessage.Cursor(1, 2, 4, 4, rgba);
    }

    private static List<HostMessage.Cursor> cursors(List<byte[]> messages) {
        return messages.stream().map(HostMessageReader::read).filter(m -> m instanceof HostMessage.Cursor)
                .map(m -> (HostMessage.Cursor) m).toList();
    }

    private static boolean same(HostMessage.Cursor a, HostMessage.Cursor b) {
        return a.hotX() == b.hotX() && a.hotY() == b.hotY() && a.width() == b.width() && a.height() == b.height()
                && Arrays.equals(a.rgba(), b.rgba());
    }

    @Test
    void aShapeDefinedBeforeTheViewerCameIsSentRightAfterHelloAndBeforeFrameOne() {
        screen.shape(arrow(0x112233));
        connection.start(sources);
        assertThat(out.messages).isEmpty();
        connection.receive(BrowserBytes.hello(0));
        assertThat(out.read(0)).isInstanceOf(HostMessage.Hello.class);
        assertThat(out.read(1)).isInstanceOfSatisfying(HostMessage.Cursor.class,
                c -> assertThat(same(c, arrow(0x112233))).isTrue());
        assertThat(out.frames()).containsExactly(1L);
        assertThat(cursors(out.messages)).hasSize(1);
    }

    @Test
    void eachChangeIsSentOnceOutsideAnyFrameAndHiddenIsZeroByZero() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        assertThat(cursors(out.messages)).isEmpty();
        int before = out.messages.size();

        screen.shape(arrow(0xff0000));
        List<byte[]> after = out.messages.subList(before, out.messages.size());
        assertThat(after).hasSize(1); // the shape alone: no FRAME_END, so no ack and no window used
        assertThat(same(cursors(after).getFirst(), arrow(0xff0000))).isTrue();

        screen.paint(new Rect(0, 0, 8, 8), 0x00ff00); // a frame with no new shape carries none
        screen.shape(HostMessage.Cursor.hidden());
        assertThat(cursors(out.messages)).hasSize(2);
        assertThat(cursors(out.messages).getLast().width()).isZero();
        assertThat(cursors(out.messages).getLast().height()).isZero();
        assertThat(out.closed).isNull();
    }

    @Test
    void aSourceWithoutAPointerShapeSendsNone() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        screen.paint(new Rect(0, 0, 8, 8), 0xffffff);
        connection.receive(BrowserBytes.ack(1));
        assertThat(cursors(out.messages)).isEmpty();
    }

    @Test
    void ofShapesThatChangedWhileThePumpWasBusyOnlyTheNewestIsSent() {
        ArrayDeque<Runnable> runs = new ArrayDeque<>();
        RecordingOutbound slow = new RecordingOutbound();
        DisplayConnection held = new DisplayConnection("g-1", slow, runs::add, timer);
        held.start(sources);
        held.receive(BrowserBytes.hello(0));
        runs.poll().run(); // HELLO and frame 1
        for (int rgb = 1; rgb <= 50; rgb++) {
            screen.shape(arrow(rgb));
        }
        assertThat(runs).hasSize(1); // one pump run asked for, however many changes
        runs.poll().run();
        assertThat(cursors(slow.messages)).singleElement().satisfies(c -> assertThat(same(c, arrow(50))).isTrue());
    }
}
