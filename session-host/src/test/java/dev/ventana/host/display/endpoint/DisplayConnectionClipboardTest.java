package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.display.protocol.Ending;
import dev.ventana.host.display.protocol.HostMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Clipboard text and the desktop's size through a {@link DisplayConnection}: the browser's text
 * and wanted size reach the source, the guest's text reaches a viewer that said it takes it
 * (HELLO flag 4), and nothing malformed gets through.
 */
class DisplayConnectionClipboardTest extends ConnectionUnderTest {
    private static final int TAKES_CLIPBOARD = 4;

    private static ByteBuffer clipboard(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + utf8.length).put((byte) 0x89).put(utf8).flip();
    }

    private static ByteBuffer setSize(int w, int h) {
        return ByteBuffer.allocate(5).put((byte) 0x88).putShort((short) w).putShort((short) h).flip();
    }

    @Test
    void theBrowsersTextAndSizeReachTheGuestAndTheGuestsTextReachesTheViewer() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(TAKES_CLIPBOARD));
        connection.receive(clipboard("naïve 😀"));
        connection.receive(setSize(1280, 720));
        assertThat(screen.pasted).containsExactly("naïve 😀");
        assertThat(screen.sizes).containsExactly("1280x720");

        screen.copy("déjà vu");
        assertThat(out.messages.stream().map(HostMessageReaderView::read))
                .contains(new HostMessage.Clipboard("déjà vu"));
        assertThat(out.closed).isNull();
    }

    @Test
    void aViewerThatDoesNotTakeTheClipboardIsNotSentIt() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(0));
        screen.copy("secret");
        assertThat(out.messages.stream().map(HostMessageReaderView::read)).noneMatch(m -> m instanceof HostMessage.Clipboard);
    }

    @Test
    void clipboardTextThatIsNotUtf8ClosesTheViewerAndReachesNoGuest() {
        connection.start(sources);
        connection.receive(BrowserBytes.hello(TAKES_CLIPBOARD));
        connection.receive(ByteBuffer.wrap(new byte[] {(byte) 0x89, (byte) 0xc3, 0x28}));
        assertThat(out.closed).isEqualTo(new Ending(4400, "BAD_REQUEST"));
        assertThat(screen.pasted).isEmpty();
    }

    /** The recorded bytes read back, for assertions on the messages. */
    private static final class HostMessageReaderView {
        static HostMessage read(byte[] m) {
            return dev.ventana.host.display.protocol.HostMessageReader.read(m);
        }
    }
}
