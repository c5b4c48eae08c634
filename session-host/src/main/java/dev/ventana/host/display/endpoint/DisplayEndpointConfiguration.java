package dev.ventana.host.display.endpoint;

import dev.ventana.host.HostProperties;
import dev.ventana.host.display.source.RfbScreenSources;
import dev.ventana.host.guest.GuestEngine;
import jakarta.websocket.server.ServerContainer;
import java.time.InstantSource;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.ServletContextAware;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

/** The display endpoint: {@code ws://<host>/display/{guestId}} with the farm token (docs/protocol.md, "Host endpoint"). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class DisplayEndpointConfiguration {
    /** Inbound parts: every real browser message fits one; bigger ones are joined up to 1 MiB. */
    static final int INBOUND_PART_BYTES = 64 * 1024;

    @Bean(destroyMethod = "close")
    RfbScreenSources displayScreenSources(GuestEngine engine) {
        return new RfbScreenSources(engine, InstantSource.system());
    }

    @Bean(destroyMethod = "close")
    DisplayWebSocketHandler displayWebSocketHandler(RfbScreenSources sources) {
        return new DisplayWebSocketHandler(sources);
    }

    @Bean
    WebSocketConfigurer displayEndpoint(DisplayWebSocketHandler handler, HostProperties properties) {
        FarmTokenHandshake auth = new FarmTokenHandshake(properties.farmToken());
        // No browser ever connects here (only the server's gateway, with the farm token), so the
        // Origin check of browsers' cross-site requests stays at Spring's same-origin default.
        return registry -> registry.addHandler(handler, FarmTokenHandshake.PATH_PREFIX + "*").addInterceptors(auth);
    }

    /**
     * Inbound buffer sizes of the servlet container's WebSocket support. Not Spring's
     * ServletServerContainerFactoryBean: that one fails the whole context where there is no
     * container (a MockMvc test), this one then has nothing to configure.
     */
    @Bean
    ServletContextAware displayWebSocketLimits() {
        return servletContext -> {
            if (servletContext.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
                container.setDefaultMaxBinaryMessageBufferSize(INBOUND_PART_BYTES);
                container.setDefaultMaxTextMessageBufferSize(1024);
                LoggerFactory.getLogger(DisplayEndpointConfiguration.class).info(
                        "display endpoint at {}{guestId}: inbound messages in parts of {} KiB, at most 1 MiB",
                        FarmTokenHandshake.PATH_PREFIX, INBOUND_PART_BYTES / 1024);
            }
        };
    }
}
