package dev.ventana.host.rfb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RfbDecoderTest {
    private final RfbLimits limits = new RfbLimits(1024, 768, 64, 1000);

    private ServerMessage decode(Framebuffer fb, byte[] bytes) throws IOException {
        return new RfbDecoder(new ByteArrayInputStream(bytes), fb, limits).next();
    }

    @Test
    void rawRectangleLandsInTheFramebuffer() throws IOException {
        Framebuffer fb = new Framebuffer(4, 3);
        byte[] msg = new RfbBytes().updateHeader(1).rect(1, 2, 2, 1, 0).pixels(0x112233, 0xa0b0c0).bytes();
        ServerMessage m = decode(fb, msg);
        assertThat(m).isEqualTo(new ServerMessage.FramebufferUpdate(List.of(new Rect(1, 2, 2, 1)), false, false));
        Framebuffer.Snapshot s = fb.snapshot();
        assertThat(s.pixel(1, 2)).isEqualTo(0xff112233);
        assertThat(s.pixel(2, 2)).isEqualTo(0xffa0b0c0);
        assertThat(s.pixel(0, 0)).isEqualTo(0xff000000);
    }

    @Test
    void desktopSizeAndExtendedKeyPseudoRectangles() throws IOException {
        Framebuffer fb = new Framebuffer(4, 3);
        byte[] msg = new RfbBytes().updateHeader(3).rect(0, 0, 0, 0, -258).rect(0, 0, 720, 400, -223)
                .rect(719, 399, 1, 1, 0).pixels(0xffffff).bytes();
        ServerMessage.FramebufferUpdate u = (ServerMessage.FramebufferUpdate) decode(fb, msg);
        assertThat(u.resized()).isTrue();
        assertThat(u.extendedKeysAcknowledged()).isTrue();
        assertThat(fb.width()).isEqualTo(720);
        assertThat(fb.height()).isEqualTo(400);
        assertThat(fb.snapshot().pixel(719, 399)).isEqualTo(0xffffffff);
    }

    @Test
    void rectangleOutsideTheFramebufferIsRefused() {
        Framebuffer fb = new Framebuffer(4, 3);
        byte[] msg = new RfbBytes().updateHeader(1).rect(3, 0, 2, 1, 0).pixels(1, 2).bytes();
        assertThatThrownBy(() -> decode(fb, msg)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("outside the 4x3 framebuffer");
    }

    @Test
    void hugeRectangleIsRefusedBeforeAnyPixelIsRead() {
        Framebuffer fb = new Framebuffer(4, 3);
        byte[] msg = new RfbBytes().updateHeader(1).rect(0, 0, 65535, 65535, 0).bytes();
        assertThatThrownBy(() -> decode(fb, msg)).isInstanceOf(RfbProtocolException.class).hasMessageContaining("outside");
    }

    @Test
    void truncatedPixelsAreAnEndOfStreamNotGarbage() {
        Framebuffer fb = new Framebuffer(4, 3);
        byte[] msg = new RfbBytes().updateHeader(1).rect(0, 0, 4, 3, 0).pixels(1, 2, 3).bytes();
        assertThatThrownBy(() -> decode(fb, msg)).isInstanceOf(EOFException.class);
    }

    @Test
    void desktopSizesBeyondTheLimitsOrEmptyAreRefused() {
        Framebuffer fb = new Framebuffer(4, 3);
        assertThatThrownBy(() -> decode(fb, new RfbBytes().updateHeader(1).rect(0, 0, 65535, 65535, -223).bytes()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("65535x65535");
        assertThatThrownBy(() -> decode(fb, new RfbBytes().updateHeader(1).rect(0, 0, 0, 400, -223).bytes()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("0x400");
        assertThat(fb.width()).isEqualTo(4);
    }

    @Test
    void encodingsThatWereNotRequestedAreRefused() {
        Framebuffer fb = new Framebuffer(4, 3);
        byte[] tight = new RfbBytes().updateHeader(1).rect(0, 0, 1, 1, 7).bytes();
        assertThatThrownBy(() -> decode(fb, tight)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("encoding 7, which was not requested");
    }

    @Test
    void oversizedCutTextIsRefusedWithoutAllocatingIt() {
        Framebuffer fb = new Framebuffer(4, 3);
        byte[] msg = new RfbBytes().u8(3).u8(0).u16(0).s32(0x7fffffff).bytes();
        assertThatThrownBy(() -> decode(fb, msg)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("2147483647 bytes exceeds the limit of 1000");
    }

    @Test
    void cutTextBellAndColourMapAreParsed() throws IOException {
        Framebuffer fb = new Framebuffer(4, 3);
        byte[] msg = new RfbBytes().u8(3).u8(0).u16(0).s32(2).raw("hi".getBytes()).u8(2)
                .u8(1).u8(0).u16(5).u16(1).u16(1).u16(2).u16(3).bytes();
        RfbDecoder d = new RfbDecoder(new ByteArrayInputStream(msg), fb, limits);
        assertThat(d.next()).isEqualTo(new ServerMessage.CutText("hi"));
        assertThat(d.next()).isEqualTo(new ServerMessage.Bell());
        assertThat(d.next()).isEqualTo(new ServerMessage.ColourMapEntries(5, 1));
    }

    @Test
    void colourMapBeyond65536EntriesIsRefused() {
        byte[] msg = new RfbBytes().u8(1).u8(0).u16(65535).u16(2).bytes();
        assertThatThrownBy(() -> decode(new Framebuffer(4, 3), msg)).isInstanceOf(RfbProtocolException.class);
    }

    @Test
    void unknownMessageTypeIsRefused() {
        assertThatThrownBy(() -> decode(new Framebuffer(4, 3), new byte[] {9}))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("unknown server message type 9");
    }

    /** Whatever bytes arrive, the decoder ends in an IOException, never in anything else. */
    @Property(tries = 2000)
    void arbitraryInputOnlyEverEndsInAnIoException(@ForAll @Size(max = 600) byte[] garbage) {
        Framebuffer fb = new Framebuffer(16, 16);
        RfbDecoder d = new RfbDecoder(new ByteArrayInputStream(garbage), fb, limits);
        try {
            for (int i = 0; i < 1000; i++) {
                d.next();
            }
        } catch (IOException expected) {
            // EOF or a protocol error: both close the connection cleanly.
        }
        assertThat((long) fb.width() * fb.height()).isLessThanOrEqualTo(1024L * 768);
    }

    /** Valid updates of random rectangles always land exactly where they say. */
    @Property(tries = 300)
    void validRawRectanglesAlwaysApply(@ForAll("rects") int[] r) throws IOException {
        Framebuffer fb = new Framebuffer(32, 24);
        int[] px = new int[r[2] * r[3]];
        java.util.Arrays.fill(px, 0x123456);
        byte[] msg = new RfbBytes().updateHeader(1).rect(r[0], r[1], r[2], r[3], 0).pixels(px).bytes();
        decode(fb, msg);
        Framebuffer.Snapshot s = fb.snapshot();
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                boolean inside = x >= r[0] && x < r[0] + r[2] && y >= r[1] && y < r[1] + r[3];
                assertThat(s.pixel(x, y)).isEqualTo(inside ? 0xff123456 : 0xff000000);
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<int[]> rects() {
        return net.jqwik.api.Arbitraries.integers().between(0, 31).flatMap(x ->
                net.jqwik.api.Arbitraries.integers().between(0, 23).flatMap(y ->
                        net.jqwik.api.Combinators.combine(
                                net.jqwik.api.Arbitraries.integers().between(0, 32 - x),
                                net.jqwik.api.Arbitraries.integers().between(0, 24 - y))
                                .as((w, h) -> new int[] {x, y, w, h})));
    }
}
