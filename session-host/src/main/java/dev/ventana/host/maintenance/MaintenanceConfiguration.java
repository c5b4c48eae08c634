package dev.ventana.host.maintenance;

import dev.ventana.host.HostProperties;
import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.PackagingChannel;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class MaintenanceConfiguration {
    /** A guest that has not powered off after this long is not going to: the admin is told and it keeps running. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(90);
    /**
     * A packaging guest's agent answers HELLO within this (a greeting or a resize may hold the
     * channel meanwhile), lists what was installed within SCAN and writes the squashfs within SEAL:
     * a large application under TCG takes a minute or more.
     */
    static final Duration PACKAGING_READY = Duration.ofSeconds(30);
    static final Duration PACKAGING_SCAN = Duration.ofSeconds(60);
    static final Duration PACKAGING_SEAL = Duration.ofMinutes(3);

    @Bean
    Maintenance maintenance(HostProperties p, GuestEngine engine, ImageCatalog images, ObjectMapper json) {
        return Maintenance.create(p.imagesDir(), engine, images, json, p.qemuImgBinary(), Sealer.MAX_CHAIN,
                SHUTDOWN_TIMEOUT);
    }

    @Bean
    Packaging packaging(HostProperties p, GuestEngine engine, ImageCatalog images, ObjectMapper json) {
        return new Packaging(p.packagesDir(), engine, images,
                new PackagingChannel(PACKAGING_READY, PACKAGING_SCAN, PACKAGING_SEAL), json);
    }
}
