package dev.ventana.host.guest;

import dev.ventana.host.HostProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class GuestConfiguration {

    @Bean
    ImageCatalog imageCatalog(HostProperties p, ObjectMapper json) {
        return new ImageCatalog(p.imagesDir(), json);
    }

    @Bean
    PackageCatalog packageCatalog(HostProperties p, ObjectMapper json) {
        return new PackageCatalog(p.packagesDir(), json);
    }

    /** One fetcher per kind, shared by boots and prefetches, so that both join one transfer of a version. */
    record Fetches(VersionFetch images, VersionFetch packages) {
    }

    @Bean
    Fetches fetches(HostProperties p, ObjectMapper json) {
        Duration pause = Duration.ofSeconds(2);
        return new Fetches(new VersionFetch(p.imagesDir(), json, p.farmToken(), pause),
                new VersionFetch(p.packagesDir(), json, p.farmToken(), pause, "packages"));
    }

    @Bean(destroyMethod = "close")
    QemuEngine guestEngine(HostProperties p, ImageCatalog images, PackageCatalog packages, ObjectMapper json,
                           Fetches fetches) {
        return new QemuEngine(new QemuSettings(p.runDir(), p.dataDir(), Accelerator.parse(p.accel()), p.kvmProbe(),
                p.bootTimeout(), p.powerdownTimeout(), p.maxConcurrentBoots(), p.dataDiskMiB(), p.qemuBinary(),
                p.qemuImgBinary(), p.instantOn()), images, json, fetches.images(),
                new PackageStore(packages, fetches.packages()));
    }

    @Bean(destroyMethod = "close")
    Prefetch prefetch(Fetches fetches) {
        return new Prefetch(fetches.images(), fetches.packages());
    }
}
