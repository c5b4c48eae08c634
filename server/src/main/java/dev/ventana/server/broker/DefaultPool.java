package dev.ventana.server.broker;

import dev.ventana.server.hosts.HostEvents;
import dev.ventana.server.images.ImageCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * The all-in-one farm works out of the box: a pool open to every user publishes the newest
 * version of the default image that a host reported, until an admin publishes one. Its session
 * policies come from the server's properties when the pool is made, and again at every start where
 * an operator set one of them in the environment (VENTANA_DISCONNECT_TIMEOUT, VENTANA_IDLE_TIMEOUT,
 * VENTANA_MAX_SESSION_LENGTH); otherwise what an admin set in the console stays.
 */
@Component
class DefaultPool {
    private static final Logger log = LoggerFactory.getLogger(DefaultPool.class);
    static final String NAME = "desktop";
    private static final String[] POLICY_VARIABLES = {"VENTANA_DISCONNECT_TIMEOUT", "VENTANA_IDLE_TIMEOUT",
            "VENTANA_MAX_SESSION_LENGTH"};
    private final Pools pools;
    private final ImageCatalogue images;
    private final Environment environment;
    private final String image;
    private final int memoryMib;
    private final SessionPolicy policy;

    DefaultPool(Pools pools, ImageCatalogue images, Environment environment,
                @Value("${ventana.default-pool.image:office}") String image,
                @Value("${ventana.default-pool.memory-mib:512}") int memoryMib,
                @Value("${ventana.default-pool.disconnect-timeout:60m}") Duration disconnectTimeout,
                @Value("${ventana.default-pool.idle-timeout:}") Duration idleTimeout,
                @Value("${ventana.default-pool.max-session-length:}") Duration maxSessionLength) {
        this.pools = pools;
        this.images = images;
        this.environment = environment;
        this.image = image;
        this.memoryMib = memoryMib;
        this.policy = new SessionPolicy(timer("disconnect-timeout", disconnectTimeout),
                timer("idle-timeout", idleTimeout), timer("max-session-length", maxSessionLength));
    }

    @EventListener(ApplicationReadyEvent.class)
    void prepare() {
        // A host's first heartbeat registers the image and makes this pool in its own transaction,
        // taking the rows in the other order: PostgreSQL then ends one of the two as a deadlock. The
        // host beats again in seconds; the server's start must not fail for it, so it tries again.
        for (int attempt = 1; ; attempt++) {
            try {
                prepareOnce();
                return;
            } catch (PessimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
                log.info("The default pool met a host's first heartbeat in the database ({}): trying again",
                        e.getMostSpecificCause().getMessage());
            }
        }
    }

    private void prepareOnce() {
        boolean made = ensure();
        if (made || Stream.of(POLICY_VARIABLES).anyMatch(environment::containsProperty)) {
            if (!made) {
                pools.policy(pools.get(NAME).id(), policy);
            }
            log.info("Default pool policies: disconnect timeout {}, idle timeout {}, maximum session length {}",
                    words(policy.disconnectTimeout()), words(policy.idleTimeout()), words(policy.maxLength()));
        }
        publishIfUnpublished(true);
    }

    /** After the image catalogue took the versions in (its listener runs first). */
    @EventListener
    @Order(1)
    void on(HostEvents.ImagesReported reported) {
        publishIfUnpublished(false);
    }

    private void publishIfUnpublished(boolean atStart) {
        ensure();
        Pool pool = pools.get(NAME);
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

    /**
     * Whichever comes first makes the pool with the configured policies: a host may report its
     * images before the application is ready.
     */
    private boolean ensure() {
        return pools.ensure(NAME, "Desktop", image, memoryMib, true, policy);
    }

    /** Empty or 0 switches a timer off; under a second cannot be stored (whole seconds), so it is refused at start. */
    static Duration timer(String property, Duration value) {
        if (value == null || value.isZero()) {
            return null;
        }
        if (value.isNegative() || value.toSeconds() < 1) {
            throw new IllegalArgumentException("ventana.default-pool." + property + " must be at least 1s, or 0 or empty"
                    + " for off, not " + value);
        }
        return value;
    }

    private static String words(Duration d) {
        return d == null ? "off" : d.toString().substring(2).toLowerCase();
    }
}
