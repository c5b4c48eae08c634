package dev.ventana.host.guest;

/**
 * What a template is made for. A clone must match its template in everything QEMU saved: the
 * version, the memory size, the vCPUs, the accelerator, the device set (a NIC or not) and whether
 * its memory is a shared file; the rest of a session (its user, data disk, application and host
 * name) comes after the restore, over the guest channel.
 */
record TemplateSpec(String image, String version, int memoryMiB, int vcpus, GuestNetwork network, boolean pageSharing,
        String accel) {

    /** The spec without its version: templates of one shape replace each other as versions come. */
    TemplateSpec shape() {
        return new TemplateSpec(image, null, memoryMiB, vcpus, network, pageSharing, accel);
    }
}
