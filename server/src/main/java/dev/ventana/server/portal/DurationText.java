package dev.ventana.server.portal;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy timeout as admins type it, the way the server's own settings take it: "45s", "30m",
 * "8h", "1d", a bare number meaning minutes; empty for off.
 */
final class DurationText {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

    private DurationText() {
    }

    /** Null for empty text (the policy is off); BAD_REQUEST, naming the field, for anything else unreadable. */
    static Duration parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, field + ": write a length such as 45s, 30m, 8h or 1d"
                    + " (a bare number is minutes), or leave it empty to switch it off.");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofMinutes(n);
        };
    }

    /** In the largest unit that says it exactly: 3600 s is "1h", 90 s "90s"; "" for off. */
    static String format(Duration d) {
        if (d == null || d.isZero()) {
            return "";
        }
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
