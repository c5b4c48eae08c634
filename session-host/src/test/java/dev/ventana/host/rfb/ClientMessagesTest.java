package dev.ventana.host.rfb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each client message byte for byte as RFC 6143 (and QEMU for its extended key event) lays it out. */
class ClientMessagesTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void protocolVersionIsTwelveAsciiBytes() {
        assertThat(ClientMessages.protocolVersion()).isEqualTo("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII))
                .hasSize(12);
    }

    @Test
    void securityTypeNoneIsOneByte() {
        assertThat(ClientMessages.securityType(ClientMessages.SECURITY_NONE)).isEqualTo(bytes(1));
    }

    @Test
    void clientInitCarriesTheSharedFlag() {
        assertThat(ClientMessages.clientInit(true)).isEqualTo(bytes(1));
        assertThat(ClientMessages.clientInit(false)).isEqualTo(bytes(0));
    }

    @Test
    void setPixelFormat() {
        assertThat(ClientMessages.setPixelFormat(PixelFormat.TRUE_COLOUR_32)).isEqualTo(bytes(
                0, 0, 0, 0, // type, padding
                32, 24, 0, 1, // bits per pixel, depth, big-endian, true colour
                0, 255, 0, 255, 0, 255, // red, green, blue max
                16, 8, 0, // red, green, blue shift
                0, 0, 0)); // padding
        assertThat(ClientMessages.setPixelFormat(new PixelFormat(16, 16, true, true, 31, 63, 31, 11, 5, 0)))
                .isEqualTo(bytes(0, 0, 0, 0, 16, 16, 1, 1, 0, 31, 0, 63, 0, 31, 11, 5, 0, 0, 0, 0));
    }

    @Test
    void setEncodingsListsSignedNumbers() {
        assertThat(ClientMessages.setEncodings(0, -223, -258)).isEqualTo(bytes(
                2, 0, 0, 3, // type, padding, count
                0, 0, 0, 0, // raw
                0xff, 0xff, 0xff, 0x21, // DesktopSize, -223
                0xff, 0xff, 0xfe, 0xfe)); // QEMU extended key event, -258
        assertThat(ClientMessages.setEncodings()).isEqualTo(bytes(2, 0, 0, 0));
    }

    @Test
    void framebufferUpdateRequest() {
        assertThat(ClientMessages.framebufferUpdateRequest(false, 0, 0, 720, 400))
                .isEqualTo(bytes(3, 0, 0, 0, 0, 0, 0x02, 0xd0, 0x01, 0x90));
        assertThat(ClientMessages.framebufferUpdateRequest(true, 1, 0x102, 65535, 1))
                .isEqualTo(bytes(3, 1, 0, 1, 1, 2, 0xff, 0xff, 0, 1));
    }

    @Test
    void keyEvent() {
        assertThat(ClientMessages.keyEvent(true, 0xff0d)).isEqualTo(bytes(4, 1, 0, 0, 0, 0, 0xff, 0x0d));
        assertThat(ClientMessages.keyEvent(false, 0x61)).isEqualTo(bytes(4, 0, 0, 0, 0, 0, 0, 0x61));
    }

    @Test
    void qemuExtendedKeyEventHasAU16DownFlagAndTheKeycode() {
        assertThat(ClientMessages.qemuExtendedKeyEvent(true, 0xff8d, 0x9c)).isEqualTo(bytes(
                255, 0, // QEMU client message, extended key event
                0, 1, // down
                0, 0, 0xff, 0x8d, // keysym
                0, 0, 0, 0x9c)); // keycode
        assertThat(ClientMessages.qemuExtendedKeyEvent(false, 0, 0)).isEqualTo(bytes(255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void pointerEvent() {
        assertThat(ClientMessages.pointerEvent(1, 9, 2)).isEqualTo(bytes(5, 1, 0, 9, 0, 2));
        assertThat(ClientMessages.pointerEvent(0b101, 719, 399)).isEqualTo(bytes(5, 5, 0x02, 0xcf, 0x01, 0x8f));
    }
}
