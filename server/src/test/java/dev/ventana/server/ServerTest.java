package dev.ventana.server;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole server on a random port with its real embedded PostgreSQL. Every subclass shares
 * one Spring context (and one database) per test JVM, so tests use their own usernames.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ventana.admin-password=admin-test-password", "ventana.farm-token=test-farm-token-0123456789"})
public abstract class ServerTest {
    public static final String ADMIN_PASSWORD = "admin-test-password";
    private static final Path DATA_DIR = freshDataDirectory();

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("ventana.data-dir", DATA_DIR::toString);
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
