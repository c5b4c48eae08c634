package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.hosts.PackagingScan;
import dev.ventana.server.hosts.PackagingSeal;
import dev.ventana.server.identity.UserDirectory;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Packaging guests of application packages, for admins (ADMIN role, under /api/v1/admin; docs/api.md). */
@RestController
@RequestMapping("/api/v1/admin/packages/{name}/packaging")
class PackagingAdminController {
    private final PackagingGuests packaging;
    private final UserDirectory users;

    PackagingAdminController(PackagingGuests packaging, UserDirectory users) {
        this.packaging = packaging;
        this.users = users;
    }

    /** {@code image} required; {@code version} (default: the image's newest) and {@code memoryMiB} (1024) optional. */
    record Start(String image, String version, Integer memoryMiB) {
    }

    record Seal(String title, String note, List<PackagingSeal.Application> applications) {
    }

    @Operation(summary = "The package's packaging guest, 404 when there is none")
    @GetMapping
    PackagingGuests.Work of(@PathVariable String name) {
        return packaging.of(name).orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND,
                "'" + name + "' has no packaging guest."));
    }

    @Operation(summary = "New package: boot a packaging guest of an image version (a session of the caller's that the"
            + " viewer opens), or find the caller's running one again; 409 while another admin's runs or one waits to"
            + " be discarded")
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    PackagingGuests.Work start(@PathVariable String name, @RequestBody(required = false) Start body,
                               Authentication caller) {
        return packaging.start(users.signedIn(caller.getName()), name, body == null ? null : body.image(),
                body == null ? null : body.version(), body == null ? null : body.memoryMiB());
    }

    @Operation(summary = "The applications the installation in the packaging guest added to its menu so far")
    @PostMapping("/scan")
    PackagingScan scan(@PathVariable String name) {
        return packaging.scan(name);
    }

    @Operation(summary = "Seal: what the installation added becomes a new version of the package, offering the"
            + " applications given; registered at once, and the packaging guest stops")
    @PostMapping("/seal")
    @ResponseStatus(HttpStatus.CREATED)
    PackagingGuests.Sealed seal(@PathVariable String name, @RequestBody(required = false) Seal body,
                                Authentication caller) {
        return packaging.seal(users.signedIn(caller.getName()), name, body == null ? null : body.title(),
                body == null ? null : body.note(), body == null ? null : body.applications());
    }

    @Operation(summary = "Discard: stop the packaging guest and throw its work away")
    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void discard(@PathVariable String name, Authentication caller) {
        packaging.discard(users.signedIn(caller.getName()), name);
    }
}
