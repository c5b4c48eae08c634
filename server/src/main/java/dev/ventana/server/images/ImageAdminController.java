package dev.ventana.server.images;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Golden images and their versions, for admins (ADMIN role, see SecurityConfiguration). */
@RestController
@RequestMapping("/api/v1/admin/images")
class ImageAdminController {
    private final ImageVersions versions;

    ImageAdminController(ImageVersions versions) {
        this.versions = versions;
    }

    record ImageView(String image, List<VersionView> versions) {
    }

    @Operation(summary = "Every image with its versions, newest first: where each is, which pools publish it,"
            + " how many sessions run it")
    @GetMapping
    List<ImageView> list() {
        return versions.all().entrySet().stream().map(e -> new ImageView(e.getKey(), e.getValue())).toList();
    }

    @Operation(summary = "Delete a version: 409 while a pool publishes it, a session runs it or a version is layered"
            + " on it; its files then go from every host")
    @DeleteMapping("/{image}/versions/{version}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String image, @PathVariable String version, Authentication caller) {
        versions.delete(caller.getName(), image, version);
    }
}
