package dev.ventana.host.display.source;

import dev.ventana.host.display.protocol.Ending;

/** A viewer cannot be served: no such guest, the guest is not there any more, the host is stopping. */
public final class Refusal extends Exception {
    private final Ending ending;

    public Refusal(Ending ending, String detail) {
        super(detail);
        this.ending = ending;
    }

    public Ending ending() {
        return ending;
    }
}
