package dev.ventana.host.guest;

/** The version a guest boots, once it is on this host: at once, or after a fetch (on the boot thread). */
@FunctionalInterface
interface ImageSupply {
    ImageVersion get() throws InterruptedException;
}
