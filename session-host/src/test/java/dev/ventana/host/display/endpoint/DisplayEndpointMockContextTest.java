package dev.ventana.host.display.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ventana.host.display.source.RfbScreenSources;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The display endpoint's configuration must not stop the application where there is no servlet
 * WebSocket container, as in MockMvc tests of the agent API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
class DisplayEndpointMockContextTest {
    @TempDir
    static Path tmp;

    @DynamicPropertySource
    static void hostProperties(DynamicPropertyRegistry registry) {
        registry.add("ventana.host.farm-token", () -> "mock-context-farm-token-0123456789");
        registry.add("ventana.host.run-dir", () -> tmp.resolve("run").toString());
        registry.add("ventana.host.data-dir", () -> tmp.resolve("data").toString());
        registry.add("ventana.host.images-dir", () -> tmp.resolve("images").toString());
        registry.add("ventana.host.accel", () -> "tcg");
    }

    @Autowired
    RfbScreenSources screens;
    @Autowired
    DisplayWebSocketHandler handler;

    @Test
    void theApplicationStartsWithoutAWebSocketContainer() {
        assertThat(screens.openScreens()).isZero();
        assertThat(handler.supportsPartialMessages()).isTrue();
    }
}
