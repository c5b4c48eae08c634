package dev.ventana.server.broker;

import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.HostAgents;
import dev.ventana.server.hosts.HostDirectory;
import dev.ventana.server.images.ImageCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The all-in-one farm works out of the box: the versions found on the hosts are registered,
 * and a pool open to every user publishes the newest version of the default image until an
 * admin publishes one.
 */
@Component
class DefaultPool {
    private static final Logger log = LoggerFactory.getLogger(DefaultPool.class);
    private final Pools pools;
    private final ImageCatalogue images;
    private final HostDirectory hosts;
    private final HostAgents agents;
    private final String image;
    private final int memoryMib;

    DefaultPool(Pools pools, ImageCatalogue images, HostDirectory hosts, HostAgents agents,
                @Value("${ventana.default-pool.image:office}") String image,
                @Value("${ventana.default-pool.memory-mib:512}") int memoryMib) {
        this.pools = pools;
        this.images = images;
        this.hosts = hosts;
        this.agents = agents;
        this.image = image;
        this.memoryMib = memoryMib;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(1)
    void prepare() {
        for (var host : hosts.all()) {
            try {
                images.register(agents.of(host).images());
            } catch (VentanaException e) {
                log.warn("Cannot list the images of host {}: {}", host.name(), e.getMessage());
            }
        }
        Pool pool = pools.ensure("desktop", "Desktop", image, memoryMib, true);
        if (!pool.published()) {
            images.newest(image).ifPresentOrElse(v -> {
                pools.publish(pool.id(), v.id());
                log.info("Published {} version {} in the default pool", image, v.label());
            }, () -> log.warn("No version of the image '{}' on any host yet: build it with deploy/images/{}/build.sh", image, image));
        }
    }
}
