package dev.ventana.host.maintenance;

import dev.ventana.host.HostProperties;
import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.ImageCatalog;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class MaintenanceConfiguration {
    /** A guest that has not powered off after this long is not going to: the admin is told and it keeps running. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(90);

    @Bean
    Maintenance maintenance(HostProperties p, GuestEngine engine, ImageCatalog images, ObjectMapper json) {
        return Maintenance.create(p.imagesDir(), engine, images, json, p.qemuImgBinary(), Sealer.MAX_CHAIN,
                SHUTDOWN_TIMEOUT);
    }
}
