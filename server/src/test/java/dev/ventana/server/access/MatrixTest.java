package dev.ventana.server.access;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.identity.ApiTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.util.Map;

/**
 * The principals and the fake farm that the authorization matrices share: the accounts, their
 * credentials, a kiosk terminal signed in by its start address, and the fixture. Once per class,
 * hence one test instance per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MatrixTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;

    /** The kiosk's browser: its cookies are its only credential. */
    Http terminal;
    Callers callers;
    MatrixFixture fixture;

    @BeforeAll
    void farm() throws IOException {
        userAccount(MatrixFixture.OWNER, "Matrix owner", MatrixFixture.PASSWORD);
        userAccount(MatrixFixture.OTHER, "Matrix other", MatrixFixture.PASSWORD);
        userAccount(MatrixFixture.KIOSK, "Matrix kiosk", MatrixFixture.PASSWORD);
        terminal = new Http(port);
        callers = new Callers(port, terminal, Map.of(
                Principal.FARM, "Bearer " + MatrixFixture.FARM_TOKEN,
                Principal.OTHER, bearer(MatrixFixture.OTHER),
                Principal.USER, bearer(MatrixFixture.OWNER),
                Principal.ADMIN, bearer("admin")));
        fixture = new MatrixFixture(port, jdbc, callers);
        fixture.signInKiosk(terminal);
    }

    @AfterAll
    void retire() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private String bearer(String username) {
        return "Bearer " + tokens.issue(users.find(username).orElseThrow()).token();
    }
}
