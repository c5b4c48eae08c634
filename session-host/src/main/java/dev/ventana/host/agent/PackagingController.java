package dev.ventana.host.agent;

import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.maintenance.PackageApplication;
import dev.ventana.host.maintenance.Packaging;
import dev.ventana.host.maintenance.PackagingWork;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Packaging guests for the server (docs/session-host.md, "Packaging"): start, list, scan, seal, discard. */
@RestController
@RequestMapping("/api/v1/packaging")
class PackagingController {
    /** A desktop, an installer and mksquashfs at once: more than a session's default. */
    static final int DEFAULT_MEMORY_MIB = 1024;

    private final Packaging packaging;

    PackagingController(Packaging packaging) {
        this.packaging = packaging;
    }

    /** {@code version} null: the image's current one. */
    record StartRequest(String name, String image, String version, String admin, Integer memoryMiB, Integer vcpus) {
    }

    record SealRequest(String title, String note, String createdBy, List<PackageApplication> applications) {
    }

    @PostMapping
    ResponseEntity<GuestInfo> start(@RequestBody StartRequest r) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(packaging.start(r.name(), r.image(), r.version(), r.admin(),
                Objects.requireNonNullElse(r.memoryMiB(), DEFAULT_MEMORY_MIB), Objects.requireNonNullElse(r.vcpus(), 1)));
    }

    @GetMapping
    List<PackagingWork> list() {
        return packaging.list();
    }

    @PostMapping("/{guestId}/scan")
    Packaging.Scan scan(@PathVariable String guestId) {
        return packaging.scan(guestId);
    }

    @PostMapping("/{guestId}/seal")
    Packaging.Sealed seal(@PathVariable String guestId, @RequestBody SealRequest r) {
        return packaging.seal(guestId, r.title(), r.note(), r.createdBy(), r.applications());
    }

    @DeleteMapping("/{guestId}")
    ResponseEntity<Void> discard(@PathVariable String guestId) {
        packaging.discard(guestId);
        return ResponseEntity.noContent().build();
    }
}
