package dev.ventana.server.identity;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;

import java.util.Set;
import java.util.regex.Pattern;

/** What makes a username, display name, password and role set acceptable; mirrors the schema's checks. */
final class UserRules {
    static final int MIN_PASSWORD_LENGTH = 10;
    private static final int MAX_PASSWORD_LENGTH = 200;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private UserRules() {
    }

    static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST,
                    "A username is 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    static void checkDisplayName(String displayName) {
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A display name is 1 to 200 characters.");
        }
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw new VentanaException(ErrorKind.BAD_REQUEST,
                    "A password is " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters.");
        }
    }

    static void checkRoles(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A user needs at least one role.");
        }
    }
}
