package dev.ventana.server;

import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The whole server on a random port with its real embedded PostgreSQL. Every subclass shares
 * one Spring context (and one database) per test JVM, so tests use their own usernames.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Every test signs in from 127.0.0.1, and some fail on purpose: the per-address limit would
        // hold back the next test class (SignInThrottleTest covers it).
        properties = {"ventana.admin-password=admin-test-password", "ventana.farm-token=test-farm-token-0123456789",
                "ventana.sign-in.per-address-per-minute=1000"})
public abstract class ServerTest {
    public static final String ADMIN_PASSWORD = "admin-test-password";
    private static final Path DATA_DIR = freshDataDirectory();

    @Autowired
    protected UserDirectory users;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("ventana.data-dir", DATA_DIR::toString);
    }

    /** A USER account; the database outlives each test class, so it is created on first use only. */
    protected UserAccount userAccount(String username, String displayName, String password) {
        return users.find(username).orElseGet(() ->
                users.create(new NewUser(username, displayName, password, Set.of(Role.USER)), "test"));
    }

    private static Path freshDataDirectory() {
        try {
            Path target = Path.of("target", "test-data");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "server-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
