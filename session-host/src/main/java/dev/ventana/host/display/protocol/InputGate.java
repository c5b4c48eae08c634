package dev.ventana.host.display.protocol;

import dev.ventana.host.errors.ErrorKind;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Everything one connection's input must pass before it reaches the guest: the handshake
 * order, the decoder's checks, the screen bounds and the flood limit. One per connection,
 * used from the thread that reads the socket.
 */
public final class InputGate {

    public static final int PROTOCOL_VERSION = 1;

    private final BrowserMessageDecoder decoder = new BrowserMessageDecoder();
    private final InputFlood flood;
    private BrowserMessage.Hello hello;

    public InputGate(InputFlood flood) {
        this.flood = flood;
    }

    /**
     * Returns the message to act on, or empty for an event that is dropped without harm (a
     * pointer outside a screen that has just shrunk). Throws for anything that ends the
     * connection.
     */
    public Optional<BrowserMessage> admit(ByteBuffer bytes, int screenWidth, int screenHeight, long nowNanos)
            throws ProtocolViolation {
        BrowserMessage message = decoder.decode(bytes);
        if (hello == null) {
            if (!(message instanceof BrowserMessage.Hello h)) {
                throw new ProtocolViolation(ErrorKind.BAD_REQUEST, "first message is not HELLO");
            }
            // The browser names the highest version it speaks; any from 1 up can talk version 1.
            // Unknown flags are capabilities of a newer browser: ignored, not refused.
            if (h.version() < PROTOCOL_VERSION) {
                throw new ProtocolViolation(ErrorKind.BAD_REQUEST, "HELLO version " + h.version());
            }
            hello = h;
            return Optional.of(h);
        }
        if (message instanceof BrowserMessage.Hello) {
            throw new ProtocolViolation(ErrorKind.BAD_REQUEST, "second HELLO");
        }
        // Every kind counts: acks and pings are cheap one by one but a flood of them is not.
        if (!flood.admit(nowNanos)) {
            throw new ProtocolViolation(ErrorKind.TOO_MANY_REQUESTS, "message flood");
        }
        if (message instanceof BrowserMessage.Pointer p && !p.inside(screenWidth, screenHeight)) {
            return Optional.empty();
        }
        return Optional.of(message);
    }

    /** The browser's hello once the handshake is done, else null. */
    public BrowserMessage.Hello hello() {
        return hello;
    }
}
