package dev.ventana.host.guest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The two extra disks of a packaging guest (docs/session-host.md, "Packaging"): raw files the
 * host makes, empty and sparse, in the packaging work's directory. The guest finds them by their
 * serials, {@link #SCRATCH_SERIAL} (it makes ext4 on it and keeps the installation's upper layer
 * there) and {@link #OUTPUT_SERIAL} (the seal writes its squashfs onto it from offset 0).
 */
public record PackagingDisks(Path scratch, Path output) {
    public static final String SCRATCH_SERIAL = "ventana-scratch";
    public static final String OUTPUT_SERIAL = "ventana-output";

    public PackagingDisks {
        Objects.requireNonNull(scratch, "scratch");
        Objects.requireNonNull(output, "output");
    }
}
