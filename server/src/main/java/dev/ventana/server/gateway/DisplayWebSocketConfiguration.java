package dev.ventana.server.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class DisplayWebSocketConfiguration implements WebSocketConfigurer {
    private final DisplayRelay relay;

    DisplayWebSocketConfiguration(DisplayRelay relay) {
        this.relay = relay;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Same-origin only (Spring's default): the viewer page is served by this server.
        registry.addHandler(relay, "/ws/display");
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        // Above the protocol's 1 MiB so that the relay, not the container, answers an oversized
        // message, with TOO_LARGE.
        container.setMaxBinaryMessageBufferSize(2 * DisplayRelay.MAX_MESSAGE_BYTES);
        return container;
    }
}
