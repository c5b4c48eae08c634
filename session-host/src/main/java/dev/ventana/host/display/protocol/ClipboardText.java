package dev.ventana.host.display.protocol;

import dev.ventana.host.errors.ErrorKind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Clipboard text on the wire: UTF-8, strictly; malformed bytes are the sender's error, not replaced. */
public final class ClipboardText {
    private ClipboardText() {
    }

    static String decode(ByteBuffer in) throws ProtocolViolation {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolViolation(ErrorKind.BAD_REQUEST, "CLIPBOARD text is not UTF-8");
        }
    }

    /** Its length in UTF-8 bytes, counted without encoding it. */
    public static long utf8Length(CharSequence text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
