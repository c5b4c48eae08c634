package dev.ventana.server.hosts;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The secret every session host of the farm shares with the server, both ways. Never logged. */
@Component
class FarmToken {
    private final String token;

    FarmToken(@Value("${ventana.farm-token:}") String token) {
        this.token = token;
    }

    String value() {
        requireSet();
        return token;
    }

    /** Refuses a request whose {@code Authorization: Bearer} header is not the token, in constant time. */
    void check(String authorization) {
        requireSet();
        String presented = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new VentanaException(ErrorKind.UNAUTHORIZED, "Wrong or missing farm token.");
        }
    }

    private void requireSet() {
        if (token.isBlank()) {
            throw new VentanaException(ErrorKind.UNAVAILABLE,
                    "The server has no farm token (VENTANA_FARM_TOKEN), so it cannot talk to session hosts.");
        }
    }
}
