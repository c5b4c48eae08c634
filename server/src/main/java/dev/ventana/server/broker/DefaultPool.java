package dev.ventana.server.broker;

import dev.ventana.server.hosts.HostEvents;
import dev.ventana.server.images.ImageCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The all-in-one farm works out of the box: a pool open to every user publishes the newest
 * version of the default image that a host reported, until an admin publishes one.
 */
@Component
class DefaultPool {
    private static final Logger log = LoggerFactory.getLogger(DefaultPool.class);
    private final Pools pools;
    private final ImageCatalogue images;
    private final String image;
    private final int memoryMib;

    DefaultPool(Pools pools, ImageCatalogue images,
                @Value("${ventana.default-pool.image:office}") String image,
                @Value("${ventana.default-pool.memory-mib:512}") int memoryMib) {
        this.pools = pools;
        this.images = images;
        this.image = image;
        this.memoryMib = memoryMib;
    }

    @EventListener(ApplicationReadyEvent.class)
    void prepare() {
        publishIfUnpublished(true);
    }

    /** After the image catalogue took the versions in (its listener runs first). */
    @EventListener
    @Order(1)
    void on(HostEvents.ImagesReported reported) {
        publishIfUnpublished(false);
    }

    private void publishIfUnpublished(boolean atStart) {
        Pool pool = pools.ensure("desktop", "Desktop", image, memoryMib, true);
        if (pool.published()) {
            return;
        }
        images.newest(image).ifPresentOrElse(v -> {
            pools.publish(pool.id(), v.id());
            log.info("Published {} version {} in the default pool", image, v.label());
        }, () -> {
            if (atStart) {
                log.info("No version of the image '{}' known yet: it is published when a session host reports one"
                        + " (build it with deploy/images/{}/build.sh)", image, image);
            }
        });
    }
}
