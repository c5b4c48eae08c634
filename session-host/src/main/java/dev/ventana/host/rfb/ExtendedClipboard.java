package dev.ventana.host.rfb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The extended clipboard pseudo-encoding of RFB (0xC0A1E5CE), the only way QEMU's VNC server
 * tells a client what the guest copied (its qemu-vdagent chardev and the guest's spice-vdagent
 * carry it to and from the guest's X clipboard). A cut-text message with a negative length
 * carries {@code flags u32} and, for provide, a zlib stream of {@code size u32, UTF-8 text}.
 * Text only; other formats and actions are ignored. Stateless, so thread-safe.
 */
final class ExtendedClipboard {
    static final int ENCODING = 0xC0A1E5CE;
    static final int TEXT = 1;
    static final int CAPS = 1 << 24;
    static final int REQUEST = 1 << 25;
    static final int PEEK = 1 << 26;
    static final int NOTIFY = 1 << 27;
    static final int PROVIDE = 1 << 28;
    private static final int CLIENT_CUT_TEXT = 6;

    /** What a server's extended cut text means to this client. */
    sealed interface Event {
        /** The server's clipboard changed and holds text: ask for it. */
        record TextOffered() implements Event {
        }

        /** The text the client asked for. */
        record Text(String text) implements Event {
        }

        /** The server wants the client's text (it said it had some). */
        record TextWanted() implements Event {
        }
    }

    private ExtendedClipboard() {
    }

    /** {@code payload} is the message after the flags; its text may inflate to at most {@code maxText} bytes. */
    static Optional<Event> read(int flags, byte[] payload, int maxText) throws RfbProtocolException {
        if ((flags & TEXT) == 0 || (flags & CAPS) != 0) {
            return Optional.empty();
        }
        if ((flags & PROVIDE) != 0) {
            return Optional.of(new Event.Text(inflateText(payload, maxText)));
        }
        if ((flags & NOTIFY) != 0) {
            return Optional.of(new Event.TextOffered());
        }
        if ((flags & REQUEST) != 0) {
            return Optional.of(new Event.TextWanted());
        }
        return Optional.empty();
    }

    static byte[] request() {
        return message(TEXT | REQUEST, new byte[0]);
    }

    /** The client has text: QEMU makes it the guest's clipboard once the text follows ({@link #provide}). */
    static byte[] notifyText() {
        return message(TEXT | NOTIFY, new byte[0]);
    }

    static byte[] provide(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // The format's text ends with a NUL, counted in its size.
        ByteBuffer plain = ByteBuffer.allocate(4 + utf8.length + 1).putInt(utf8.length + 1).put(utf8).put((byte) 0);
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(plain.array());
            deflater.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                z.write(chunk, 0, deflater.deflate(chunk));
            }
            return message(TEXT | PROVIDE, z.toByteArray());
        } finally {
            deflater.end();
        }
    }

    private static byte[] message(int flags, byte[] data) {
        return ByteBuffer.allocate(12 + data.length).put((byte) CLIENT_CUT_TEXT).put(new byte[3])
                .putInt(-(4 + data.length)).putInt(flags).put(data).array();
    }

    private static String inflateText(byte[] z, int maxText) throws RfbProtocolException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(z);
            byte[] sizeBytes = new byte[4];
            if (inflateFully(inflater, sizeBytes) < 4) {
                throw new RfbProtocolException("extended clipboard text without its size");
            }
            long size = Integer.toUnsignedLong(ByteBuffer.wrap(sizeBytes).getInt());
            if (size > maxText) {
                throw new RfbProtocolException("clipboard text of " + size + " bytes exceeds the limit of " + maxText);
            }
            byte[] text = new byte[(int) size];
            int n = inflateFully(inflater, text);
            // Up to the first NUL: the format ends its text with one, and some senders leave it out.
            int end = 0;
            while (end < n && text[end] != 0) {
                end++;
            }
            return new String(text, 0, end, StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new RfbProtocolException("extended clipboard data is not zlib: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static int inflateFully(Inflater inflater, byte[] into) throws DataFormatException {
        int n = 0;
        while (n < into.length) {
            int got = inflater.inflate(into, n, into.length - n);
            if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                break;
            }
            n += got;
        }
        return n;
    }
}
