package dev.ventana.host;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of one session host, under {@code ventana.host.*}.
 *
 * @param farmToken shared with the server; requests without it are refused
 * @param runDir per-guest run directories (sockets, pid file, overlay), reconciled at start-up
 * @param imagesDir golden image versions, as deploy/images builds them
 * @param packagesDir application package versions, as deploy/packages/make.sh builds them and
 *     as the host fetches them (docs/session-host.md, "Application packages")
 * @param dataDir users' persistent data disks
 * @param accel auto (KVM when it boots, else TCG), kvm or tcg
 * @param kvmProbe how long a KVM boot may show no progress before the host falls back to TCG
 * @param bootTimeout how long any boot may show no progress before the guest is FAILED
 * @param powerdownTimeout how long an orderly stop waits for the guest to power off
 * @param maxConcurrentBoots boots are CPU-bound under TCG: more at once only slows each down
 * @param dataDiskMiB size of a new user data disk
 * @param serverUrl the server this host reports to; empty for a host nobody manages (tests, tools)
 * @param name the host's name in the farm: lower-case letters, digits, '.' and '-'
 * @param url where the server reaches this host's agent API and display endpoint
 * @param capacityMiB memory the server may give to guests here; 0 for the machine's memory
 * @param heartbeatInterval how often the host reports; also at once when a guest changes state
 * @param instantOn whether this host keeps warm templates and restores guests from them when a
 *     start asks for it (docs/session-host.md, "Instant-on"); false: every launch is a cold boot
 */
@ConfigurationProperties("ventana.host")
public record HostProperties(
        String farmToken,
        @DefaultValue("/var/lib/ventana/run") Path runDir,
        @DefaultValue("/var/lib/ventana/images") Path imagesDir,
        @DefaultValue("/var/lib/ventana/data") Path dataDir,
        @DefaultValue("auto") String accel,
        @DefaultValue("20s") Duration kvmProbe,
        @DefaultValue("120s") Duration bootTimeout,
        @DefaultValue("15s") Duration powerdownTimeout,
        @DefaultValue("2") int maxConcurrentBoots,
        @DefaultValue("1024") int dataDiskMiB,
        @DefaultValue("qemu-system-x86_64") String qemuBinary,
        @DefaultValue("qemu-img") String qemuImgBinary,
        java.net.URI serverUrl,
        String name,
        java.net.URI url,
        @DefaultValue("0") long capacityMiB,
        @DefaultValue("3s") Duration heartbeatInterval,
        @DefaultValue("true") boolean instantOn,
        @DefaultValue("/var/lib/ventana/packages") Path packagesDir) {
}
