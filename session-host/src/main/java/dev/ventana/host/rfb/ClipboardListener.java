package dev.ventana.host.rfb;

/** Told what the guest copied; called on the client's reader thread, so it must not block. */
@FunctionalInterface
public interface ClipboardListener {
    void copied(String text);
}
