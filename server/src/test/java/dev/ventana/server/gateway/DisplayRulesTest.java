package dev.ventana.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.server.broker.DisplayPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A pool's display policy as the gateway applies it to a relay's messages (docs/protocol.md, "Clipboard", "Resize"). */
class DisplayRulesTest {
    private static final byte[] GUEST_TEXT = clipboard(0x06, "from the guest");

    private static byte[] clipboard(int type, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + t.length).put((byte) type).put(t).array();
    }

    private static ByteBuffer setSize(int w, int h) {
        return ByteBuffer.allocate(5).put((byte) 0x88).putShort((short) w).putShort((short) h).flip();
    }

    private static DisplayRules rules(DisplayPolicy.Clipboard clipboard, boolean resize, ViewerMode mode) {
        return new DisplayRules(new DisplayPolicy(clipboard, resize, 1920, 1200), mode);
    }

    @Test
    void eachClipboardDirectionPassesOnlyWhereThePoolAllowsIt() {
        ByteBuffer paste = ByteBuffer.wrap(clipboard(0x89, "from the browser"));
        for (DisplayPolicy.Clipboard c : DisplayPolicy.Clipboard.values()) {
            DisplayRules r = rules(c, true, ViewerMode.USER);
            assertThat(r.toHost(paste.duplicate()) != null).as("paste with %s", c).isEqualTo(c.toGuest());
            assertThat(r.toBrowser(GUEST_TEXT)).as("copy with %s", c).isEqualTo(c.toBrowser());
        }
        assertThat(rules(DisplayPolicy.Clipboard.BOTH, true, ViewerMode.SHADOW).toBrowser(GUEST_TEXT))
                .as("a shadow never gets the user's clipboard").isFalse();
    }

    @Test
    void aSizeIsClampedToThePoolsLimitsOrDroppedWhereTheDesktopMayNotFollow() {
        ByteBuffer clamped = rules(DisplayPolicy.Clipboard.BOTH, true, ViewerMode.USER).toHost(setSize(3000, 900));
        assertThat(clamped.getShort(1)).isEqualTo((short) 1920);
        assertThat(clamped.getShort(3)).isEqualTo((short) 900);
        assertThat(rules(DisplayPolicy.Clipboard.BOTH, false, ViewerMode.USER).toHost(setSize(800, 600))).isNull();
        ByteBuffer malformed = ByteBuffer.wrap(new byte[] {(byte) 0x88, 1});
        assertThat(rules(DisplayPolicy.Clipboard.BOTH, true, ViewerMode.USER).toHost(malformed))
                .as("left for the host to refuse").isSameAs(malformed);
    }

    @Test
    void settingsTellTheViewerWhatItMayDoAndAShadowNothing() {
        byte[] user = rules(DisplayPolicy.Clipboard.TO_BROWSER, true, ViewerMode.USER).settings();
        assertThat(user).containsExactly(0x07, 1 | 4, 0x07, 0x80, 0x04, 0xb0, 0, 4, 0, 0);
        byte[] shadow = rules(DisplayPolicy.Clipboard.BOTH, true, ViewerMode.SHADOW).settings();
        assertThat(shadow[1]).isZero();
    }

    @Test
    void everythingElsePassesUnchanged() {
        ByteBuffer key = ByteBuffer.wrap(new byte[] {(byte) 0x82, 1, 0, 0x1e});
        assertThat(rules(DisplayPolicy.Clipboard.OFF, false, ViewerMode.USER).toHost(key)).isSameAs(key);
        assertThat(rules(DisplayPolicy.Clipboard.OFF, false, ViewerMode.USER).toBrowser(new byte[] {0x05, 0, 0, 0, 1})).isTrue();
    }
}
