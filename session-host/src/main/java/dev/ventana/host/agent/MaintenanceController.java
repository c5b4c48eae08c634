package dev.ventana.host.agent;

import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.maintenance.Maintenance;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Maintenance guests for the server (docs/session-host.md, "Maintenance"): start, seal, discard. */
@RestController
@RequestMapping("/api/v1/maintenance")
class MaintenanceController {
    private final Maintenance maintenance;

    MaintenanceController(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    /** {@code version} null: the image's current one; memory and vCPUs as for a guest. */
    record StartRequest(String image, String version, String admin, Integer memoryMiB, Integer vcpus) {
    }

    record SealRequest(String title, String note, String createdBy) {
    }

    @PostMapping
    ResponseEntity<GuestInfo> start(@RequestBody StartRequest r) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(maintenance.start(r.image(), r.version(), r.admin(),
                Objects.requireNonNullElse(r.memoryMiB(), 512), Objects.requireNonNullElse(r.vcpus(), 1)));
    }

    @PostMapping("/{guestId}/seal")
    Maintenance.Sealed seal(@PathVariable String guestId, @RequestBody SealRequest r) {
        return maintenance.seal(guestId, r.title(), r.note(), r.createdBy());
    }

    @DeleteMapping("/{guestId}")
    ResponseEntity<Void> discard(@PathVariable String guestId) {
        maintenance.discard(guestId);
        return ResponseEntity.noContent().build();
    }
}
