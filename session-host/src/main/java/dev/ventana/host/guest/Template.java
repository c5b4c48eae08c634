package dev.ventana.host.guest;

import java.nio.file.Path;

/**
 * A warm template of one image version (docs/session-host.md, "Instant-on"): the guest booted once
 * up to the point where it waits for a user, then paused and saved. Its files never change once
 * made: {@code template.qcow2}, the system disk's layer over the version's base, which every
 * clone's overlay is layered on; {@code state}, QEMU's saved devices (and, without page sharing,
 * the guest's memory); {@code memory}, with page sharing, the guest's memory, which each clone
 * maps privately; {@code template.json}, what it was made from.
 */
record Template(Path dir, TemplateSpec spec) {

    Path disk() {
        return dir.resolve("template.qcow2");
    }

    Path state() {
        return dir.resolve("state");
    }

    Path memory() {
        return dir.resolve("memory");
    }

    Path info() {
        return dir.resolve("template.json");
    }
}
