package dev.ventana.host.display.codec;

import dev.ventana.host.display.Rect;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A PNG writer for screen content. Written by hand rather than through ImageIO because
 * screens are mostly few-colour text and UI: an indexed PNG of 1, 2 or 4 bits per pixel
 * deflates a fraction of the bytes of 24-bit RGB, and reusing one Deflater avoids ImageIO's
 * per-image setup. Not thread-safe; one per encoder.
 */
final class PngWriter {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int FILTER_NONE = 0;
    private static final int FILTER_SUB = 1;
    private static final int FILTER_UP = 2;

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] deflateBuffer = new byte[64 * 1024];

    PngWriter(int deflateLevel) {
        this.deflater = new Deflater(deflateLevel);
    }

    /** The rectangle as a PNG; census must have been taken over the same rectangle. */
    byte[] write(int[] argb, int stride, Rect r, ColourCensus census) {
        boolean indexed = census.count() <= ColourCensus.PALETTE_COLOURS;
        int bitDepth = indexed ? bitsFor(census.count()) : 8;
        byte[] raw = indexed ? indexedRows(argb, stride, r, census, bitDepth) : rgbRows(argb, stride, r);
        byte[] idat = deflate(raw);

        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.length + 64 + (indexed ? census.count() * 3 : 0));
        out.writeBytes(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(r.width()).putInt(r.height())
                .put((byte) bitDepth).put((byte) (indexed ? 3 : 2)).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        if (indexed) {
            byte[] plte = new byte[census.count() * 3];
            for (int i = 0; i < census.count(); i++) {
                int rgb = census.colour(i);
                plte[i * 3] = (byte) (rgb >> 16);
                plte[i * 3 + 1] = (byte) (rgb >> 8);
                plte[i * 3 + 2] = (byte) rgb;
            }
            chunk(out, "PLTE", plte);
        }
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static int bitsFor(int colours) {
        return colours <= 2 ? 1 : colours <= 4 ? 2 : colours <= 16 ? 4 : 8;
    }

    /** Palette rows use no filter: on indices, differences mean nothing (the PNG spec's advice). */
    private static byte[] indexedRows(int[] argb, int stride, Rect r, ColourCensus census, int bitDepth) {
        int rowBytes = (r.width() * bitDepth + 7) / 8;
        byte[] raw = new byte[r.height() * (rowBytes + 1)];
        int perByte = 8 / bitDepth;
        for (int y = 0; y < r.height(); y++) {
            int out = y * (rowBytes + 1);
            raw[out++] = FILTER_NONE;
            int in = (r.y() + y) * stride + r.x();
            int previous = -1;
            int index = 0;
            for (int x = 0; x < r.width(); x++) {
                int rgb = argb[in + x] & 0xff_ffff;
                if (rgb != previous) {
                    index = census.indexOf(rgb);
                    previous = rgb;
                }
                int shift = 8 - bitDepth * (x % perByte + 1);
                raw[out + x / perByte] |= (byte) (index << shift);
            }
        }
        return raw;
    }

    /** RGB rows, each with the filter (none, sub or up) whose output sums smallest: libpng's heuristic. */
    private static byte[] rgbRows(int[] argb, int stride, Rect r) {
        int rowBytes = r.width() * 3;
        byte[] raw = new byte[r.height() * (rowBytes + 1)];
        byte[] current = new byte[rowBytes];
        byte[] above = new byte[rowBytes];
        byte[] sub = new byte[rowBytes];
        byte[] up = new byte[rowBytes];
        for (int y = 0; y < r.height(); y++) {
            int in = (r.y() + y) * stride + r.x();
            for (int x = 0; x < r.width(); x++) {
                int rgb = argb[in + x];
                current[x * 3] = (byte) (rgb >> 16);
                current[x * 3 + 1] = (byte) (rgb >> 8);
                current[x * 3 + 2] = (byte) rgb;
            }
            long costNone = 0;
            long costSub = 0;
            long costUp = 0;
            for (int i = 0; i < rowBytes; i++) {
                byte s = (byte) (current[i] - (i >= 3 ? current[i - 3] : 0));
                byte u = (byte) (current[i] - above[i]);
                sub[i] = s;
                up[i] = u;
                costNone += Math.abs(current[i]);
                costSub += Math.abs(s);
                costUp += Math.abs(u);
            }
            int out = y * (rowBytes + 1);
            if (costUp <= costSub && costUp <= costNone) {
                raw[out] = FILTER_UP;
                System.arraycopy(up, 0, raw, out + 1, rowBytes);
            } else if (costSub <= costNone) {
                raw[out] = FILTER_SUB;
                System.arraycopy(sub, 0, raw, out + 1, rowBytes);
            } else {
                raw[out] = FILTER_NONE;
                System.arraycopy(current, 0, raw, out + 1, rowBytes);
            }
            byte[] swap = above;
            above = current;
            current = swap;
        }
        return raw;
    }

    private byte[] deflate(byte[] raw) {
        deflater.reset();
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
        while (!deflater.finished()) {
            int n = deflater.deflate(deflateBuffer);
            out.write(deflateBuffer, 0, n);
        }
        return out.toByteArray();
    }

    private void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        crc.reset();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
