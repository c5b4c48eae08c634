package dev.ventana.host.farm;

import dev.ventana.host.HostProperties;
import dev.ventana.host.display.source.RfbScreenSources;
import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.PackageCatalog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Joins the farm when a server URL is set (VENTANA_SERVER_URL); the name and the URL default to this machine's. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${ventana.host.server-url:}' != ''")
class FarmConfiguration {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");

    @Bean(initMethod = "start", destroyMethod = "close")
    FarmMembership farmMembership(HostProperties p, GuestEngine engine, ImageCatalog images, PackageCatalog packages,
                                  RfbScreenSources screens,
                                  ObjectProvider<LaunchCounts> launchCounts, ObjectMapper json,
                                  @Value("${server.port:8091}") int port) {
        String name = p.name() == null || p.name().isBlank() ? machineName() : p.name();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("ventana.host.name (VENTANA_HOST_NAME) '" + name
                    + "' must be 1-63 lower-case letters, digits, '.' or '-'");
        }
        URI url = p.url() == null || p.url().toString().isBlank() ? URI.create("http://" + machineName() + ":" + port) : p.url();
        FarmMembership membership = new FarmMembership(p.serverUrl(), p.farmToken(),
                new FarmMembership.Identity(name, url, p.capacityMiB()), engine, images, packages::list, screens::activity,
                launchCounts.getIfAvailable(() -> LaunchCounts.NONE), json, p.heartbeatInterval());
        // A user back at the keyboard cancels an idle warning: the server hears it now.
        screens.onInputResumed(membership::beatSoon);
        return membership;
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot tell this machine's name: set VENTANA_HOST_NAME and VENTANA_HOST_URL", e);
        }
    }
}
