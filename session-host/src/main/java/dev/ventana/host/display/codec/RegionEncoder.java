package dev.ventana.host.display.codec;

import dev.ventana.host.display.Rect;
import dev.ventana.host.display.Screen;
import dev.ventana.host.display.protocol.HostMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a changed rectangle of the screen into region messages, choosing per tile the
 * cheapest faithful codec: one colour is a SOLID fill; two colours go as a BITMAP and a handful
 * of pixels RAW when that is smaller than a PNG; a photographic tile that changes fast goes
 * JPEG if the caller allows loss; everything else is PNG. Not thread-safe (reuses its
 * buffers); one per connection.
 */
public final class RegionEncoder {

    /** Largest tile side: keeps every message far below 1 MiB (256*256*3 plus PNG overhead). */
    public static final int TILE = 256;
    /**
     * A region of at most 256 colours and this many pixels goes as one palette PNG, untiled: one
     * deflate dictionary for the whole text screen is worth about half the bytes, and even
     * uncompressible 8-bit indices stay under 1 MiB.
     */
    static final int MAX_UNTILED_PIXELS = 512 * 1024;
    /**
     * No PNG is smaller: signature 8, IHDR 25, IDAT framing 12 plus zlib header and checksum 6,
     * IEND 12. A BITMAP payload up to this size wins without writing the PNG at all.
     */
    static final int MIN_PNG_BYTES = 63;
    /** Below this, JPEG's fixed overhead and blockiness outweigh what it saves. */
    static final int MIN_JPEG_PIXELS = 64 * 64;

    private final ColourCensus census = new ColourCensus();
    private final PngWriter png;
    private final JpegWriter jpeg;
    private final boolean deflatedHop;

    public RegionEncoder() {
        this(false);
    }

    /**
     * @param deflatedHop the browser's hop compresses with a dictionary kept for the connection
     *                    (permessage-deflate): a small region then goes uncompressed, as RAW or
     *                    BITMAP, whatever a PNG would weigh. A PNG's own deflate stream starts afresh
     *                    and hides its pixels from the hop's, while raw pixels meet the same digits,
     *                    glyphs and graph columns sent seconds before and shrink to back-references
     *                    (issue 13: the idle office desktop 5.2 to 3.7 kB on the wire), and no PNG
     *                    is written at all, which saves the host's CPU.
     */
    public RegionEncoder(boolean deflatedHop) {
        this(6, 0.75f, deflatedHop);
    }

    public RegionEncoder(int deflateLevel, float jpegQuality) {
        this(deflateLevel, jpegQuality, false);
    }

    public RegionEncoder(int deflateLevel, float jpegQuality, boolean deflatedHop) {
        this.png = new PngWriter(deflateLevel);
        this.jpeg = new JpegWriter(jpegQuality);
        this.deflatedHop = deflatedHop;
    }

    /**
     * @param lossyAllowed the region changes fast and the browser takes JPEG; the tile must still
     *                     look photographic before it is sent lossy
     */
    public List<HostMessage.Region> encode(Screen screen, Rect rect, boolean lossyAllowed) {
        if (!rect.fitsIn(screen.width(), screen.height())) {
            throw new IllegalArgumentException(rect + " outside the " + screen.width() + "x" + screen.height() + " screen");
        }
        if (rect.area() <= MAX_UNTILED_PIXELS && (rect.width() > TILE || rect.height() > TILE)) {
            census.take(screen.argb(), screen.width(), rect);
            if (census.count() <= ColourCensus.PALETTE_COLOURS) {
                return List.of(encodeTile(screen.argb(), screen.width(), rect, false));
            }
        }
        List<HostMessage.Region> regions = new ArrayList<>();
        for (int y = rect.y(); y < rect.bottom(); y += TILE) {
            for (int x = rect.x(); x < rect.right(); x += TILE) {
                Rect tile = new Rect(x, y, Math.min(TILE, rect.right() - x), Math.min(TILE, rect.bottom() - y));
                regions.add(encodeTile(screen.argb(), screen.width(), tile, lossyAllowed));
            }
        }
        return regions;
    }

    private HostMessage.Region encodeTile(int[] argb, int stride, Rect tile, boolean lossyAllowed) {
        census.take(argb, stride, tile);
        if (census.count() == 1) {
            return new HostMessage.Solid(tile, census.colour(0));
        }
        if (lossyAllowed && census.photographic() && tile.area() >= MIN_JPEG_PIXELS) {
            return new HostMessage.Jpeg(tile, jpeg.write(argb, stride, tile));
        }
        // Two colours (a text cell) can go as a BITMAP: painted without an image decode and, for
        // small regions, far smaller than any PNG. Ties go to the synchronous codecs.
        long bitmapBytes = census.count() == 2 ? 6L + HostMessage.Bitmap.bitsLength(tile) : Long.MAX_VALUE;
        boolean small = tile.area() <= HostMessage.MAX_RAW_PIXELS;
        byte[] pngBytes = bitmapBytes <= MIN_PNG_BYTES || (deflatedHop && small) ? null
                : png.write(argb, stride, tile, census);
        long pngSize = pngBytes == null ? Long.MAX_VALUE : pngBytes.length;
        long rawSize = tile.area() <= HostMessage.MAX_RAW_PIXELS ? tile.area() * 3 : Long.MAX_VALUE;
        if (rawSize <= pngSize && rawSize < bitmapBytes) {
            return new HostMessage.Raw(tile, rgbBytes(argb, stride, tile));
        }
        if (bitmapBytes <= pngSize) {
            int background = census.colour(0);
            int foreground = census.colour(1);
            return new HostMessage.Bitmap(tile, background, foreground, BitmapPacker.pack(argb, stride, tile, foreground));
        }
        return new HostMessage.Png(tile, pngBytes);
    }

    private static byte[] rgbBytes(int[] argb, int stride, Rect r) {
        byte[] rgb = new byte[(int) r.area() * 3];
        int out = 0;
        for (int y = r.y(); y < r.bottom(); y++) {
            for (int i = y * stride + r.x(), end = y * stride + r.right(); i < end; i++) {
                rgb[out++] = (byte) (argb[i] >> 16);
                rgb[out++] = (byte) (argb[i] >> 8);
                rgb[out++] = (byte) argb[i];
            }
        }
        return rgb;
    }
}
