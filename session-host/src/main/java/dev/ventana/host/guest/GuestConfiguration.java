package dev.ventana.host.guest;

import dev.ventana.host.HostProperties;
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

    @Bean(destroyMethod = "close")
    QemuEngine guestEngine(HostProperties p, ImageCatalog images, PackageCatalog packages, ObjectMapper json) {
        return new QemuEngine(new QemuSettings(p.runDir(), p.dataDir(), Accelerator.parse(p.accel()), p.kvmProbe(),
                p.bootTimeout(), p.powerdownTimeout(), p.maxConcurrentBoots(), p.dataDiskMiB(), p.qemuBinary(),
                p.qemuImgBinary(), p.instantOn()), images, json,
                new VersionFetch(p.imagesDir(), json, p.farmToken(), java.time.Duration.ofSeconds(2)),
                new PackageStore(packages, new VersionFetch(p.packagesDir(), json, p.farmToken(),
                        java.time.Duration.ofSeconds(2), "packages")));
    }
}
