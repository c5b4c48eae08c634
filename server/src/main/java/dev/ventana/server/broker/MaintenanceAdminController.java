package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.identity.UserDirectory;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Maintenance guests of golden images, for admins (ADMIN role, see SecurityConfiguration; docs/api.md). */
@RestController
class MaintenanceAdminController {
    private final ImageMaintenance maintenance;
    private final UserDirectory users;

    MaintenanceAdminController(ImageMaintenance maintenance, UserDirectory users) {
        this.maintenance = maintenance;
        this.users = users;
    }

    /** Both optional: the image's newest version, and 1024 MiB. */
    record Start(String version, Integer memoryMiB) {
    }

    record Seal(String title, String note) {
    }

    @Operation(summary = "Every image's maintenance guest in progress")
    @GetMapping("/api/v1/admin/maintenance")
    List<ImageMaintenance.Work> all() {
        return maintenance.all();
    }

    @Operation(summary = "The image's maintenance guest, 404 when there is none")
    @GetMapping("/api/v1/admin/images/{image}/maintenance")
    ImageMaintenance.Work of(@PathVariable String image) {
        return maintenance.of(image).orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND,
                "'" + image + "' has no maintenance guest."));
    }

    @Operation(summary = "Update: boot a maintenance guest of the image (a session of the caller's that the viewer"
            + " opens), or find the caller's running one again; 409 while another admin's runs or one waits to be"
            + " sealed or discarded")
    @PostMapping("/api/v1/admin/images/{image}/maintenance")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ImageMaintenance.Work start(@PathVariable String image, @RequestBody(required = false) Start body,
                                Authentication caller) {
        return maintenance.start(users.signedIn(caller.getName()), image, body == null ? null : body.version(),
                body == null ? null : body.memoryMiB());
    }

    @Operation(summary = "Seal: shut the maintenance guest down and keep its system disk as a new, unpublished"
            + " version of the image, layered on the version it started from")
    @PostMapping("/api/v1/admin/images/{image}/maintenance/seal")
    ImageMaintenance.Sealed seal(@PathVariable String image, @RequestBody Seal body, Authentication caller) {
        return maintenance.seal(users.signedIn(caller.getName()), image, body == null ? null : body.title(),
                body == null ? null : body.note());
    }

    @Operation(summary = "Discard: stop the maintenance guest and throw its changes away")
    @DeleteMapping("/api/v1/admin/images/{image}/maintenance")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void discard(@PathVariable String image, Authentication caller) {
        maintenance.discard(users.signedIn(caller.getName()), image);
    }
}
