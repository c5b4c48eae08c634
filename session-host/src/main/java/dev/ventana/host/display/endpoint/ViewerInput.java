package dev.ventana.host.display.endpoint;

import dev.ventana.host.display.protocol.BrowserMessage;
import dev.ventana.host.display.source.GuestInput;
import dev.ventana.host.display.source.RfbInputTranslator;
import dev.ventana.host.display.source.ScreenSource;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One viewer's input on its way to the guest: translated, with what it holds down remembered,
 * and released when the viewer goes, so that no key or button stays pressed in the guest.
 *
 * <p>Thread-safe: the transport's reader delivers, whichever thread ends the connection
 * releases. One lock, held while the input goes to the guest, keeps a release from overtaking
 * the input it releases; input that comes after the release is dropped.
 */
final class ViewerInput {
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private final RfbInputTranslator translator = new RfbInputTranslator();
    private boolean released;

    /**
     * Passes one admitted input message to the guest (may wait for key pacing): keys, the pointer,
     * the wheel, clipboard text and the size the browser would like.
     */
    void deliver(BrowserMessage input, ScreenSource source) throws IOException {
        lock.lock();
        try {
            if (released) {
                return;
            }
            switch (input) {
                case BrowserMessage.Clipboard c -> source.paste(c.text());
                case BrowserMessage.SetSize s -> source.resizeDesktop(s.width(), s.height());
                default -> {
                    for (GuestInput in : translator.translate(input)) {
                        source.send(in);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Releases every key and button still held; afterwards all input is dropped. */
    void release(ScreenSource source) throws IOException {
        lock.lock();
        try {
            released = true;
            for (GuestInput in : translator.releaseHeld()) {
                source.release(in);
            }
        } finally {
            lock.unlock();
        }
    }
}
