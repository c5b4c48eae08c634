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

    /**
     * Whether the key has the form {@link #next} gives: the URL-safe Base64 alphabet, which is
     * ASCII. Character.isLetterOrDigit would also pass 'é' or '世', which {@link #hash} then turns
     * into '?' (US-ASCII), so different keys would share a hash.
     */
    public static boolean wellFormed(String key) {
        return key != null && key.length() == LENGTH && key.chars().allMatch(RandomKeys::urlSafe);
    }

    private static boolean urlSafe(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
