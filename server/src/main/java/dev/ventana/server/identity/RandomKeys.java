package dev.ventana.server.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer secrets handed to browsers and devices (display tickets, kiosk keys): 256 random
 * bits as 43 URL-safe characters. Only their SHA-256 is stored, so a database dump yields none.
 */
public final class RandomKeys {
    public static final int LENGTH = 43;
    private final SecureRandom random = new SecureRandom();

    public String next() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    public static boolean wellFormed(String key) {
        return key != null && key.length() == LENGTH && key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
