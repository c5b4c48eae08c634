package dev.ventana.host.guest;

import java.nio.file.Path;
import java.time.Duration;

/** What the QEMU engine needs to know about its host; see HostProperties for the meaning. */
public record QemuSettings(Path runDir, Path dataDir, Accelerator.Mode accel, Duration kvmProbe, Duration bootTimeout,
        Duration powerdownTimeout, int maxConcurrentBoots, int dataDiskMiB, String qemuBinary, String qemuImgBinary,
        boolean instantOn) {

    /** With instant-on. */
    public QemuSettings(Path runDir, Path dataDir, Accelerator.Mode accel, Duration kvmProbe, Duration bootTimeout,
            Duration powerdownTimeout, int maxConcurrentBoots, int dataDiskMiB, String qemuBinary, String qemuImgBinary) {
        this(runDir, dataDir, accel, kvmProbe, bootTimeout, powerdownTimeout, maxConcurrentBoots, dataDiskMiB, qemuBinary,
                qemuImgBinary, true);
    }

    public QemuSettings {
        if (maxConcurrentBoots < 1) {
            throw new IllegalArgumentException("maxConcurrentBoots must be at least 1");
        }
        if (dataDiskMiB < 16) {
            throw new IllegalArgumentException("dataDiskMiB must be at least 16");
        }
    }

    /**
     * The warm templates (see Templates), beside the run directory: host-local like it, never
     * shared (the data directory may be), and on a disk, where a template's memory file lives in
     * the page cache instead of pinning RAM as tmpfs would.
     */
    public Path templatesDir() {
        return runDir.toAbsolutePath().resolveSibling("templates");
    }
}
