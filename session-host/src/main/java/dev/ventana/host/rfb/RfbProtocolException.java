package dev.ventana.host.rfb;

import java.io.IOException;

/** The server sent something RFB does not allow or this client does not accept. */
public final class RfbProtocolException extends IOException {
    public RfbProtocolException(String message) {
        super(message);
    }
}
