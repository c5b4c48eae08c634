package dev.ventana.host.display.codec;

import dev.ventana.host.display.Picture;
import dev.ventana.host.display.Rect;
import dev.ventana.host.display.TestScreens;
import dev.ventana.host.display.protocol.Canvas;
import dev.ventana.host.display.protocol.HostMessage;
import dev.ventana.host.display.protocol.HostMessageEncoder;
import dev.ventana.host.display.protocol.HostMessageReader;
import dev.ventana.host.display.protocol.MessageType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionEncoderTest {

    private final RegionEncoder encoder = new RegionEncoder();
    private final HostMessageEncoder bytes = new HostMessageEncoder();

    @Test
    void oneColourIsASolidFill() {
        Picture screen = Picture.filled(300, 200, 0xff123456);
        List<HostMessage.Region> regions = encoder.encode(screen, new Rect(10, 10, 100, 50), false);
        assertEquals(List.of(new HostMessage.Solid(new Rect(10, 10, 100, 50), 0x123456)), regions);
    }

    @Test
    void textGoesAsAPalettePngOfFewBits() {
        Picture text = TestScreens.textConsole(720, 400, 7);
        HostMessage.Region region = encoder.encode(text, new Rect(0, 0, 200, 100), false).getFirst();
        HostMessage.Png png = assertInstanceOf(HostMessage.Png.class, region);
        assertEquals(3, png.png()[25], "colour type: indexed");
        assertEquals(1, png.png()[24], "bit depth: two colours need one bit");
        assertTrue(png.png().length < 200 * 100 / 8, "smaller than one bit per pixel uncompressed: " + png.png().length);
    }

    @Test
    void aWholeTextScreenIsOnePngSharingOneDeflateDictionary() {
        Picture text = TestScreens.textConsole(720, 400, 8);
        List<HostMessage.Region> regions = encoder.encode(text, text.bounds(), false);
        assertEquals(1, regions.size());
        assertEquals(text.bounds(), assertInstanceOf(HostMessage.Png.class, regions.getFirst()).rect());
    }

    @Test
    void aTwoColourTextCellGoesAsABitmap() {
        Picture text = TestScreens.textConsole(720, 400, 7);
        Rect cell = twoColourCell(text);
        HostMessage.Bitmap bitmap = assertInstanceOf(HostMessage.Bitmap.class, encoder.encode(text, cell, false).getFirst());
        assertEquals(9 + 6 + 2 * 16, bytes.encode(bitmap).length, "ceil(9/8) bytes by 16 rows");
        Canvas canvas = new Canvas(720, 400);
        canvas.apply(HostMessageReader.read(bytes.encode(bitmap)));
        for (int y = cell.y(); y < cell.bottom(); y++) {
            for (int x = cell.x(); x < cell.right(); x++) {
                assertEquals(text.pixel(x, y) & 0xff_ffff, canvas.rgb()[y * 720 + x]);
            }
        }
    }

    @Test
    void aBigTwoColourRegionStaysPngWhenThatIsSmaller() {
        Picture text = TestScreens.textConsole(720, 400, 7);
        assertInstanceOf(HostMessage.Png.class, encoder.encode(text, new Rect(0, 0, 256, 256), false).getFirst());
    }

    /** The first 9x16 cell of the text screen with exactly two colours: a glyph on its background. */
    private static Rect twoColourCell(Picture text) {
        ColourCensus census = new ColourCensus();
        for (int y = 0; y + 16 <= text.height(); y += 16) {
            for (int x = 0; x + 9 <= text.width(); x += 9) {
                census.take(text.argb(), text.width(), new Rect(x, y, 9, 16));
                if (census.count() == 2) {
                    return new Rect(x, y, 9, 16);
                }
            }
        }
        throw new IllegalStateException("no glyph on the test screen");
    }

    @Test
    void aFewPixelsGoRawWhenThatIsSmaller() {
        Picture noise = TestScreens.noise(64, 64, 3);
        HostMessage.Region region = encoder.encode(noise, new Rect(3, 3, 4, 4), false).getFirst();
        assertInstanceOf(HostMessage.Raw.class, region);
    }

    @Test
    void overADeflatedHopSmallRegionsGoUncompressedAndLargeOnesStayPng() {
        Picture text = TestScreens.textConsole(720, 400, 7);
        Picture photo = TestScreens.photo(256, 256);
        Rect small = new Rect(0, 0, 32, 32); // a few colours: a palette PNG over a plain hop
        assertInstanceOf(HostMessage.Png.class, encoder.encode(photo, small, false).getFirst());
        RegionEncoder deflated = new RegionEncoder(true);
        assertInstanceOf(HostMessage.Raw.class, deflated.encode(photo, small, false).getFirst());
        Rect cell = twoColourCell(text);
        assertInstanceOf(HostMessage.Bitmap.class, deflated.encode(text, cell, false).getFirst());
        assertInstanceOf(HostMessage.Png.class, deflated.encode(text, new Rect(0, 0, 200, 100), false).getFirst());
        assertInstanceOf(HostMessage.Png.class, deflated.encode(photo, new Rect(0, 0, 64, 64), false).getFirst());
    }

    @Test
    void photographsGoJpegOnlyWhenLossIsAllowed() {
        Picture photo = TestScreens.photo(256, 256);
        assertInstanceOf(HostMessage.Jpeg.class, encoder.encode(photo, photo.bounds(), true).getFirst());
        assertInstanceOf(HostMessage.Png.class, encoder.encode(photo, photo.bounds(), false).getFirst());
    }

    @Test
    void fastChangingTextStaysLossless() {
        Picture text = TestScreens.textConsole(256, 256, 4);
        assertInstanceOf(HostMessage.Png.class, encoder.encode(text, text.bounds(), true).getFirst());
    }

    @Test
    void jpegKeepsThePictureClose() {
        Picture photo = TestScreens.photo(128, 128);
        HostMessage.Region region = encoder.encode(photo, photo.bounds(), true).getFirst();
        assertInstanceOf(HostMessage.Jpeg.class, region);
        Canvas canvas = new Canvas(128, 128);
        canvas.apply(region);
        int[] got = canvas.rgb();
        long error = 0;
        for (int i = 0; i < got.length; i++) {
            for (int shift = 0; shift < 24; shift += 8) {
                error += Math.abs(((got[i] >> shift) & 0xff) - ((photo.argb()[i] >> shift) & 0xff));
            }
        }
        double meanError = error / (got.length * 3.0);
        assertTrue(meanError < 6, "mean error per channel " + meanError);
    }

    @Test
    void largeRegionsAreTiledAndEveryMessageStaysUnderTheLimit() {
        Picture photo = TestScreens.noise(1024, 768, 11);
        List<HostMessage.Region> regions = encoder.encode(photo, photo.bounds(), false);
        assertEquals(4 * 3, regions.size());
        Canvas canvas = new Canvas(1024, 768);
        for (HostMessage.Region region : regions) {
            assertTrue(region.rect().width() <= RegionEncoder.TILE && region.rect().height() <= RegionEncoder.TILE);
            byte[] message = bytes.encode(region);
            assertTrue(message.length < MessageType.MAX_MESSAGE_BYTES);
            canvas.apply(HostMessageReader.read(message));
        }
        assertArrayEquals(photo.argb(), withOpaqueAlpha(canvas.rgb()));
    }

    @Test
    void aRectangleOutsideTheScreenIsRefused() {
        Picture screen = Picture.filled(100, 100, 0);
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(screen, new Rect(90, 0, 20, 10), false));
    }

    /** Whatever the pixels and the rectangle, lossless encoding repaints them exactly. */
    @Property(tries = 200)
    void losslessEncodingRepaintsExactly(@ForAll("screens") Picture screen, @ForAll("fractions") double[] where) {
        int x = (int) (where[0] * screen.width());
        int y = (int) (where[1] * screen.height());
        int w = 1 + (int) (where[2] * (screen.width() - x - 1));
        int h = 1 + (int) (where[3] * (screen.height() - y - 1));
        Rect rect = new Rect(x, y, w, h);
        Canvas canvas = new Canvas(screen.width(), screen.height());
        for (HostMessage.Region region : encoder.encode(screen, rect, false)) {
            assertTrue(rect.contains(region.rect()));
            canvas.apply(HostMessageReader.read(bytes.encode(region)));
        }
        int[] got = canvas.rgb();
        for (int yy = 0; yy < screen.height(); yy++) {
            for (int xx = 0; xx < screen.width(); xx++) {
                int expected = rect.contains(new Rect(xx, yy, 1, 1)) ? screen.pixel(xx, yy) & 0xff_ffff : 0;
                assertEquals(expected, got[yy * screen.width() + xx], "pixel " + xx + "," + yy);
            }
        }
    }

    @Provide
    Arbitrary<Picture> screens() {
        Arbitrary<Integer> side = Arbitraries.integers().between(1, 300);
        Arbitrary<Integer> colours = Arbitraries.of(1, 2, 3, 4, 5, 16, 17, 256, 257, 5000);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(side, side, colours, seeds).as((w, h, n, seed) -> {
            Random random = new Random(seed);
            int[] palette = random.ints(n).toArray();
            int[] pixels = new int[w * h];
            for (int i = 0; i < pixels.length; i++) {
                // runs of a colour, like real screens, mixed with single pixels
                pixels[i] = i > 0 && random.nextInt(4) > 0 ? pixels[i - 1] : palette[random.nextInt(n)];
            }
            return new Picture(w, h, pixels);
        });
    }

    @Provide
    Arbitrary<double[]> fractions() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(3).array(double[].class).ofSize(4);
    }

    private static int[] withOpaqueAlpha(int[] rgb) {
        int[] out = rgb.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] |= 0xff00_0000;
        }
        return out;
    }
}
