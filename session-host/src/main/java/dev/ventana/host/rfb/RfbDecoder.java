package dev.ventana.host.rfb;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads server-to-client messages and applies them to the framebuffer. It assumes the pixel
 * format this client sets (32 bpp, little-endian, true colour, shifts 16/8/0) and the
 * encodings it asks for; anything else is a protocol error, and every size the server names
 * is checked before a byte is read or allocated for it.
 */
final class RfbDecoder {
    static final int ENCODING_RAW = 0;
    static final int ENCODING_DESKTOP_SIZE = -223;
    static final int ENCODING_QEMU_EXTENDED_KEY = -258;

    private static final int FRAMEBUFFER_UPDATE = 0;
    private static final int SET_COLOUR_MAP_ENTRIES = 1;
    private static final int BELL = 2;
    private static final int SERVER_CUT_TEXT = 3;

    private final DataInputStream in;
    private final Framebuffer framebuffer;
    private final RfbLimits limits;
    private byte[] row = new byte[0];

    RfbDecoder(InputStream in, Framebuffer framebuffer, RfbLimits limits) {
        this.in = in instanceof DataInputStream d ? d : new DataInputStream(in);
        this.framebuffer = framebuffer;
        this.limits = limits;
    }

    /** Reads and applies one message; EOFException when the server closed mid-message or before. */
    ServerMessage next() throws IOException {
        int type = in.readUnsignedByte();
        return switch (type) {
            case FRAMEBUFFER_UPDATE -> framebufferUpdate();
            case SET_COLOUR_MAP_ENTRIES -> colourMapEntries();
            case BELL -> new ServerMessage.Bell();
            case SERVER_CUT_TEXT -> cutText();
            default -> throw new RfbProtocolException("unknown server message type " + type);
        };
    }

    private ServerMessage framebufferUpdate() throws IOException {
        in.skipNBytes(1);
        int count = in.readUnsignedShort();
        List<Rect> changed = new ArrayList<>(Math.min(count, 64));
        boolean resized = false;
        boolean extendedKeys = false;
        for (int i = 0; i < count; i++) {
            int x = in.readUnsignedShort();
            int y = in.readUnsignedShort();
            int w = in.readUnsignedShort();
            int h = in.readUnsignedShort();
            int encoding = in.readInt();
            switch (encoding) {
                case ENCODING_RAW -> {
                    Rect r = new Rect(x, y, w, h);
                    readRaw(r);
                    if (!r.isEmpty()) {
                        changed.add(r);
                    }
                }
                case ENCODING_DESKTOP_SIZE -> {
                    checkSize(w, h);
                    framebuffer.resize(w, h);
                    resized = true;
                    changed.clear();
                    changed.add(new Rect(0, 0, w, h));
                }
                case ENCODING_QEMU_EXTENDED_KEY -> extendedKeys = true;
                default -> throw new RfbProtocolException("rectangle " + (i + 1) + " of " + count
                        + " uses encoding " + encoding + ", which was not requested");
            }
        }
        return new ServerMessage.FramebufferUpdate(changed, resized, extendedKeys);
    }

    private void readRaw(Rect r) throws IOException {
        int fbWidth;
        int fbHeight;
        framebuffer.lock().lock();
        try {
            fbWidth = framebuffer.width();
            fbHeight = framebuffer.height();
        } finally {
            framebuffer.lock().unlock();
        }
        if (r.x() + r.width() > fbWidth || r.y() + r.height() > fbHeight) {
            throw new RfbProtocolException("raw rectangle " + r.x() + "," + r.y() + " " + r.width() + "x"
                    + r.height() + " lies outside the " + fbWidth + "x" + fbHeight + " framebuffer");
        }
        int rowBytes = r.width() * 4;
        if (row.length < rowBytes) {
            row = new byte[rowBytes];
        }
        for (int line = 0; line < r.height(); line++) {
            // Read outside the lock so a slow server never blocks whoever reads the picture.
            in.readFully(row, 0, rowBytes);
            framebuffer.lock().lock();
            try {
                int[] argb = framebuffer.argb();
                int offset = (r.y() + line) * fbWidth + r.x();
                for (int i = 0, b = 0; i < r.width(); i++, b += 4) {
                    argb[offset + i] = 0xff000000 | (row[b + 2] & 0xff) << 16 | (row[b + 1] & 0xff) << 8 | (row[b] & 0xff);
                }
            } finally {
                framebuffer.lock().unlock();
            }
        }
    }

    private ServerMessage colourMapEntries() throws IOException {
        in.skipNBytes(1);
        int first = in.readUnsignedShort();
        int count = in.readUnsignedShort();
        if (first + count > 65536) {
            throw new RfbProtocolException("colour map entries " + first + "+" + count + " exceed 65536");
        }
        in.skipNBytes(6L * count);
        return new ServerMessage.ColourMapEntries(first, count);
    }

    private ServerMessage cutText() throws IOException {
        in.skipNBytes(3);
        int length = in.readInt();
        if (length < 0) {
            return extendedCutText(length);
        }
        if (length > limits.maxCutTextBytes()) {
            throw new RfbProtocolException("cut text of " + Integer.toUnsignedLong(length) + " bytes exceeds the limit of "
                    + limits.maxCutTextBytes());
        }
        return new ServerMessage.CutText(new String(bytes(length, "a cut text"), StandardCharsets.ISO_8859_1));
    }

    /** ExtendedClipboard's form: minus the length, then flags and data (compressed, so bounded twice). */
    private ServerMessage extendedCutText(int negativeLength) throws IOException {
        long length = -(long) negativeLength;
        if (length < 4 || length > limits.maxCutTextBytes()) {
            throw new RfbProtocolException("extended cut text of " + length + " bytes (4.." + limits.maxCutTextBytes() + ")");
        }
        int flags = in.readInt();
        byte[] data = bytes((int) length - 4, "an extended cut text");
        return new ServerMessage.Clipboard(ExtendedClipboard.read(flags, data, limits.maxCutTextBytes()).orElse(null));
    }

    private byte[] bytes(int length, String inside) throws IOException {
        byte[] b = in.readNBytes(length);
        if (b.length < length) {
            throw new EOFException("server closed inside " + inside);
        }
        return b;
    }

    void checkSize(int w, int h) throws RfbProtocolException {
        if (w < 1 || h < 1 || w > limits.maxWidth() || h > limits.maxHeight()) {
            throw new RfbProtocolException("desktop size " + w + "x" + h + " is outside 1x1.."
                    + limits.maxWidth() + "x" + limits.maxHeight());
        }
    }
}
