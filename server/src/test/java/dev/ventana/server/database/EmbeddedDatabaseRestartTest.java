package dev.ventana.server.database;

import dev.ventana.server.Http;
import dev.ventana.server.VentanaServer;
import dev.ventana.server.identity.NewUser;
import dev.ventana.server.identity.Role;
import dev.ventana.server.identity.UserDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The all-in-one default keeps its users across a restart of the server and its PostgreSQL. */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseRestartTest {

    @Test
    void usersSurviveARestartAndTheAdminPasswordIsPrintedOnlyOnce(@TempDir Path dataDir, CapturedOutput output) {
        String adminPassword;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Matcher printed = Pattern.compile("password: (\\S+)").matcher(output.getOut());
            assertThat(printed.find()).as("the generated admin password is printed on the first start").isTrue();
            adminPassword = printed.group(1);
            first.getBean(UserDirectory.class)
                    .create(new NewUser("survivor", "Survivor", "survivor password", Set.of(Role.USER)), "test");
        }
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("PostgreSQL stopped with the server").doesNotExist();

        try (ConfigurableApplicationContext second = start(dataDir)) {
            assertThat(second.getBean(UserDirectory.class).find("survivor")).isPresent();
            Http http = new Http(((WebServerApplicationContext) second).getWebServer().getPort());
            assertThat(http.postJson("/api/v1/auth/token", "{\"username\":\"survivor\",\"password\":\"survivor password\"}")
                    .statusCode()).isEqualTo(200);
            assertThat(http.postJson("/api/v1/auth/token", "{\"username\":\"admin\",\"password\":\"" + adminPassword + "\"}")
                    .statusCode()).isEqualTo(200);
        }
        assertThat(Pattern.compile("First start").matcher(output.getOut()).results().count()).isEqualTo(1);
        assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        // Command-line arguments: they outrank application.properties, as an operator's would.
        return new SpringApplicationBuilder(VentanaServer.class)
                .run("--ventana.data-dir=" + dataDir, "--server.port=0", "--ventana.admin-password=");
    }
}
