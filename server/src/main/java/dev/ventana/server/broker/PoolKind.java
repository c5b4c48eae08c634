package dev.ventana.server.broker;

/** What a pool gives its users: the image's whole desktop, or one of its applications alone on the screen. */
public enum PoolKind {
    DESKTOP, APPLICATION
}
