package dev.ventana.server.identity;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Set;

/**
 * On the first start there is nobody to sign in as: create {@code admin}. A generated password
 * goes to the console once, never to the log file, and is never shown again.
 */
@Component
class FirstAdmin implements ApplicationRunner {
    static final String USERNAME = "admin";
    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    // No look-alikes (0/O, 1/l/I): the password is read off a console and typed by hand.
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final UserDirectory users;
    private final String configuredPassword;
    private final SecureRandom random = new SecureRandom();

    FirstAdmin(UserDirectory users, @Value("${ventana.admin-password:}") String configuredPassword) {
        this.users = users;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.anyAdmin()) {
            return;
        }
        boolean generated = configuredPassword.isBlank();
        String password = generated ? generate() : configuredPassword;
        try {
            users.create(new NewUser(USERNAME, "Administrator", password, Set.of(Role.ADMIN, Role.USER)), "system");
        } catch (VentanaException e) {
            if (e.kind() == ErrorKind.CONFLICT) {
                // Another server of the farm won the race, or 'admin' exists without the role.
                log.warn("No admin exists, but the username '{}' is taken: grant ADMIN to an account by hand.", USERNAME);
                return;
            }
            throw e;
        }
        if (generated) {
            // The console, not the log: log files are kept and shipped, this password must not be.
            System.out.println("""

                    ================================================================
                      First start: created the administrator account.
                        username: %s
                        password: %s
                      This password is shown only this once. Sign in and change it
                      under Admin > Users.
                    ================================================================
                    """.formatted(USERNAME, password));
        } else {
            log.info("Created the administrator account '{}' with the password from VENTANA_ADMIN_PASSWORD.", USERNAME);
        }
    }

    private String generate() {
        StringBuilder password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
