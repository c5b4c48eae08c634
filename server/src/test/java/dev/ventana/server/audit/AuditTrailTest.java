package dev.ventana.server.audit;

import dev.ventana.server.Http;
import dev.ventana.server.ServerTest;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTrailTest extends ServerTest {
    @LocalServerPort
    int port;
    @Autowired
    AuditTrail trail;

    @Test
    void identityChangesAndSignInsAreRecordedWithoutSecrets() {
        users.create(new NewUser("audited", "Audited", "audited password", Set.of(Role.USER)), "auditor");
        users.resetPassword("audited", "another audited password", "auditor");
        Http http = new Http(port);
        http.postJson("/api/v1/auth/token", "{\"username\":\"audited\",\"password\":\"another audited password\"}");
        http.postJson("/api/v1/auth/token", "{\"username\":\"audited\",\"password\":\"a wrong guess\"}");

        var events = trail.recent(50);

        assertThat(events).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("auditor");
            assertThat(e.action()).isEqualTo("user.created");
            assertThat(e.target()).isEqualTo("audited");
            assertThat(e.details()).containsKey("roles");
        });
        assertThat(events).anySatisfy(e -> assertThat(e.action() + " " + e.target()).isEqualTo("user.password_reset audited"));
        assertThat(events).anySatisfy(e -> assertThat(e.action() + " " + e.actor()).isEqualTo("auth.signed_in audited"));
        assertThat(events).anySatisfy(e -> assertThat(e.action() + " " + e.actor()).isEqualTo("auth.sign_in_failed audited"));
        assertThat(events.toString()).doesNotContain("audited password").doesNotContain("a wrong guess");
    }
}
