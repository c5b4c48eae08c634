package dev.ventana.server.hosts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.net.URI;

/**
 * The all-in-one farm: the session host on this machine is registered at start-up. A farm of
 * many machines registers its hosts the same way, one ventana.hosts.local-url per server or
 * through the admin console (later).
 */
@Component
class LocalHostRegistration {
    private static final Logger log = LoggerFactory.getLogger(LocalHostRegistration.class);
    private final HostDirectory hosts;
    private final String url;

    LocalHostRegistration(HostDirectory hosts, @Value("${ventana.hosts.local-url:}") String url) {
        this.hosts = hosts;
        this.url = url;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    void register() {
        if (url.isBlank()) {
            return;
        }
        Host host = hosts.register("local", URI.create(url), Runtime.getRuntime().availableProcessors(), totalMemoryMib());
        log.info("Registered the local session host at {}", host.agentUrl());
    }

    private static long totalMemoryMib() {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / (1024 * 1024);
    }
}
