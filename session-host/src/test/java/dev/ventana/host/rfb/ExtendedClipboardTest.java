package dev.ventana.host.rfb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The extended clipboard as QEMU speaks it (ui/vnc-clipboard.c), both ways, and its limits. */
class ExtendedClipboardTest {
    private final RfbLimits limits = new RfbLimits(1024, 768, 64, 1000);

    private ServerMessage decode(byte[] bytes) throws IOException {
        return new RfbDecoder(new ByteArrayInputStream(bytes), new Framebuffer(4, 3), limits).next();
    }

    /** What QEMU sends: ServerCutText with minus the length, the flags, then the data. */
    private static byte[] serverCutText(int flags, byte[] data) {
        return new RfbBytes().u8(3).u8(0).u16(0).s32(-(4 + data.length)).s32(flags).raw(data).bytes();
    }

    private static byte[] zlib(byte[] plain) {
        Deflater d = new Deflater();
        d.setInput(plain);
        d.finish();
        byte[] out = new byte[plain.length + 64];
        int n = d.deflate(out);
        d.end();
        return Arrays.copyOf(out, n);
    }

    @Test
    void aNotifyOfTextIsAnOfferAndAProvideIsTheTextUpToItsNul() throws IOException {
        assertThat(decode(serverCutText(ExtendedClipboard.TEXT | ExtendedClipboard.NOTIFY, new byte[0])))
                .isEqualTo(new ServerMessage.Clipboard(new ExtendedClipboard.Event.TextOffered()));
        byte[] text = "déjà vu\0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] plain = ByteBuffer.allocate(4 + text.length).putInt(text.length).put(text).array();
        assertThat(decode(serverCutText(ExtendedClipboard.TEXT | ExtendedClipboard.PROVIDE, zlib(plain))))
                .isEqualTo(new ServerMessage.Clipboard(new ExtendedClipboard.Event.Text("déjà vu")));
        assertThat(decode(serverCutText(ExtendedClipboard.TEXT | ExtendedClipboard.REQUEST, new byte[0])))
                .isEqualTo(new ServerMessage.Clipboard(new ExtendedClipboard.Event.TextWanted()));
    }

    @Test
    void capsAndOtherFormatsMeanNothingHere() throws IOException {
        int caps = ExtendedClipboard.CAPS | ExtendedClipboard.TEXT | ExtendedClipboard.PROVIDE | ExtendedClipboard.NOTIFY;
        assertThat(decode(serverCutText(caps, new byte[8]))).isEqualTo(new ServerMessage.Clipboard(null));
        int html = 1 << 2;
        assertThat(decode(serverCutText(html | ExtendedClipboard.NOTIFY, new byte[0]))).isEqualTo(new ServerMessage.Clipboard(null));
    }

    @Test
    void whatTheClientProvidesIsWhatTheDecoderReads() throws IOException {
        byte[] provide = ExtendedClipboard.provide("naïve 😀");
        // ClientCutText (6) and ServerCutText (3) have the same layout after the type.
        provide[0] = 3;
        assertThat(decode(provide)).isEqualTo(new ServerMessage.Clipboard(new ExtendedClipboard.Event.Text("naïve 😀")));
        assertThat(ExtendedClipboard.request()).containsExactly(6, 0, 0, 0, -1, -1, -1, -4, 2, 0, 0, 1);
        assertThat(ExtendedClipboard.notifyText()).containsExactly(6, 0, 0, 0, -1, -1, -1, -4, 8, 0, 0, 1);
    }

    @Test
    void aCompressedBombIsRefusedByTheSizeItClaimsBeforeItIsInflated() {
        byte[] plain = ByteBuffer.allocate(4 + 100_000).putInt(100_000).array();
        assertThatThrownBy(() -> decode(serverCutText(ExtendedClipboard.TEXT | ExtendedClipboard.PROVIDE, zlib(plain))))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("100000 bytes exceeds the limit of 1000");
    }

    @Test
    void malformedExtendedCutTextIsAProtocolError() {
        assertThatThrownBy(() -> decode(new RfbBytes().u8(3).u8(0).u16(0).s32(-2).bytes()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("extended cut text of 2 bytes");
        assertThatThrownBy(() -> decode(serverCutText(ExtendedClipboard.TEXT | ExtendedClipboard.PROVIDE, new byte[] {1, 2, 3})))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("not zlib");
    }
}
