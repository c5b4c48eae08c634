package dev.ventana.server.identity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC key that signs API tokens. Generated once and kept in PostgreSQL, so tokens survive a
 * restart and every server of a farm accepts the others' tokens.
 */
@Component
class SigningKey {
    private static final String NAME = "api-token-hmac";
    private final SecretKey key;

    SigningKey(JdbcClient jdbc) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        // Whoever inserts first wins; everyone then reads the same key.
        jdbc.sql("INSERT INTO server_secrets (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                .params(NAME, fresh).update();
        byte[] stored = jdbc.sql("SELECT secret FROM server_secrets WHERE name = ?").param(NAME)
                .query(byte[].class).single();
        this.key = new SecretKeySpec(stored, "HmacSHA256");
    }

    SecretKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "SigningKey[" + NAME + "]";
    }
}
