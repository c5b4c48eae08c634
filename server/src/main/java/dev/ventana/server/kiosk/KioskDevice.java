package dev.ventana.server.kiosk;

/** A thin-client terminal: it runs {@code pool} as {@code username}. */
public record KioskDevice(long id, String name, String username, String pool, boolean enabled) {
}
