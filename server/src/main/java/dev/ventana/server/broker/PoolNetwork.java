package dev.ventana.server.broker;

/** A pool's guests have no network device at all, or outbound access through QEMU's user-mode NAT. */
public enum PoolNetwork {
    NONE, NAT
}
