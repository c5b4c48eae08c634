package dev.ventana.host.guest;

/**
 * How a guest of the image shows its screen, as its manifest's {@code "display"} says
 * (docs/session-host.md, "Display devices"). Each has a VNC server, which every viewer can fall
 * back to.
 */
public enum ImageDisplay {
    /**
     * QEMU's standard VGA ({@code -vga std}), read through its VNC server: the default, and what a
     * text console needs (Linux's console on a DRM framebuffer flushes lazily, so virtio-gpu
     * would show it late).
     */
    VGA,
    /**
     * A virtio-gpu ({@code -device virtio-vga}) and QEMU's D-Bus display: the guest flushes each
     * change and QEMU passes it on at once, where its VNC server waits for its next refresh look
     * (30 ms apart). For X on modesetting, which flushes every damage.
     */
    VIRTIO_DBUS;

    /** The manifest's value: absent is {@link #VGA}; one this host does not know also reads as VGA. */
    public static ImageDisplay fromManifest(String value) {
        return "virtio-dbus".equals(value) ? VIRTIO_DBUS : VGA;
    }
}
