package dev.ventana.server.desktop;

import dev.ventana.server.SessionHostProcess;
import dev.ventana.server.identity.UserDirectory;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server under test in this JVM and one real session host process that joins it: the host
 * starts first, told the server's port, and {@code host.awaitJoined(jdbc)} waits until it is UP
 * and the default pool has a version. Subclasses set the image and the rest in their
 * {@code @SpringBootTest} properties, which must differ from one class to the next: a context
 * shared from the cache would come without a host.
 */
abstract class WithSessionHost {
    static SessionHostProcess host;

    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void farm(DynamicPropertyRegistry registry) throws Exception {
        host = SessionHostProcess.startFor(registry, "it-");
    }

    @AfterAll
    static void stopHost() {
        if (host != null) {
            host.close();
            host = null;
        }
    }
}
