package dev.ventana.host.dbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A guest's pointer shape as QEMU's {@code CursorDefine} passes it: 0xAARRGGBB pixels in the
 * host's byte order, premultiplied or straight, turned into straight RGBA; malformed ones refused
 * before anything is allocated; and the visibility QEMU's {@code MouseSet} reports.
 */
class CursorDecoderTest {
    private final CursorDecoder decoder = new CursorDecoder();

    private static ByteBuffer pixels(int... argb) {
        ByteBuffer b = ByteBuffer.allocate(argb.length * 4).order(ByteOrder.nativeOrder());
        for (int p : argb) {
            b.putInt(p);
        }
        return b.flip();
    }

    private static int[] rgba(CursorImage c, int i) {
        return new int[] {c.rgba()[i * 4] & 0xff, c.rgba()[i * 4 + 1] & 0xff, c.rgba()[i * 4 + 2] & 0xff,
                c.rgba()[i * 4 + 3] & 0xff};
    }

    @Test
    void premultipliedPixelsAreDividedByTheirAlpha() {
        // Opaque red, half-transparent white (premultiplied: 0x80 each), transparent, black at a quarter.
        CursorImage c = decoder.decode(2, 2, 1, 0, pixels(0xffff0000, 0x80808080, 0x00000000, 0x40000000));
        assertThat(c.width()).isEqualTo(2);
        assertThat(c.hotX()).isEqualTo(1);
        assertThat(rgba(c, 0)).containsExactly(255, 0, 0, 255);
        assertThat(rgba(c, 1)).containsExactly(255, 255, 255, 0x80);
        assertThat(rgba(c, 2)).containsExactly(0, 0, 0, 0);
        assertThat(rgba(c, 3)).containsExactly(0, 0, 0, 0x40);
    }

    @Test
    void anImageWithAChannelAboveItsAlphaIsTakenAsStraight() {
        CursorImage c = decoder.decode(2, 1, 0, 0, pixels(0x80ffffff, 0x40204060));
        assertThat(rgba(c, 0)).containsExactly(255, 255, 255, 0x80);
        assertThat(rgba(c, 1)).containsExactly(0x20, 0x40, 0x60, 0x40);
    }

    @Test
    void aLargeImageIsScaledDownToTheProtocolsLimitWithItsHotspot() {
        int[] argb = new int[300 * 200];
        argb[0] = 0xff0000ff;
        CursorImage c = decoder.decode(300, 200, 299, 150, pixels(argb));
        assertThat(c.width()).isEqualTo(100); // a factor of 3
        assertThat(c.height()).isEqualTo(67);
        assertThat(c.hotX()).isEqualTo(99);
        assertThat(c.hotY()).isEqualTo(50);
        assertThat(rgba(c, 0)).containsExactly(0, 0, 255, 255);
        assertThat(c.rgba()).hasSize(100 * 67 * 4);
    }

    @Test
    void malformedShapesAreRefusedBeforeAnythingIsAllocated() {
        ByteBuffer few = pixels(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
        assertThatThrownBy(() -> decoder.decode(0, 0, 0, 0, pixels())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(-1, 4, 0, 0, few)).isInstanceOf(IllegalArgumentException.class);
        // A size whose image would be 16 GiB, and one whose byte count overflows an int: refused by size.
        assertThatThrownBy(() -> decoder.decode(65536, 65536, 0, 0, few)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(Integer.MAX_VALUE, 2, 0, 0, few))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(513, 1, 0, 0, pixels(new int[513])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(2, 2, 0, 0, pixels(1, 2, 3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(2, 2, 0, 0, pixels(1, 2, 3, 4, 5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(2, 2, 2, 0, few)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(2, 2, 0, -1, few)).isInstanceOf(IllegalArgumentException.class);
        assertThat(decoder.decode(2, 2, 1, 1, few).width()).isEqualTo(2);
    }

    @Test
    void thePointerIsToldOnlyWhatChangesForTheUser() {
        PointerState state = new PointerState();
        List<CursorImage> early = new ArrayList<>();
        state.listen(early::add);
        state.show(true); // a move before any shape: nothing to tell
        assertThat(early).isEmpty();

        CursorImage arrow = decoder.decode(1, 1, 0, 0, pixels(0xff000000));
        state.define(arrow);
        assertThat(early).isEmpty(); // told with the MouseSet that follows
        state.show(true);
        state.show(true); // moves
        state.define(decoder.decode(1, 1, 0, 0, pixels(0xff000000))); // the same shape again
        state.show(true);
        assertThat(early).containsExactly(arrow);

        // Hidden while typing, as QEMU's virtio-gpu does it: the old pixels at hotspot 0,0, then on=0.
        state.define(decoder.decode(2, 1, 0, 0, pixels(0xffffffff, 0xffffffff)));
        state.show(false);
        state.show(false);
        assertThat(early).containsExactly(arrow, CursorImage.HIDDEN);

        CursorImage beam = decoder.decode(1, 2, 0, 1, pixels(0xffffffff, 0xffffffff));
        state.define(beam);
        state.show(true);
        assertThat(early).containsExactly(arrow, CursorImage.HIDDEN, beam);

        List<CursorImage> late = new ArrayList<>();
        state.listen(late::add);
        assertThat(late).containsExactly(beam);
        assertThat(state.current()).isSameAs(beam);
    }
}
