package dev.ventana.server.packages;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Application packages and their versions, for admins (ADMIN role, under /api/v1/admin). */
@RestController
@RequestMapping("/api/v1/admin/packages")
class PackageAdminController {
    private static final List<String> TYPES = List.of("application/x-tar", "application/gzip", "application/x-gzip",
            "application/octet-stream");
    private final PackageVersions versions;
    private final PackageUploads uploads;

    PackageAdminController(PackageVersions versions, PackageUploads uploads) {
        this.versions = versions;
        this.uploads = uploads;
    }

    record PackageView(String name, List<PackageVersionView> versions) {
    }

    @Operation(summary = "Every package with its versions, newest first: where each is, which pools list it, how many"
            + " live sessions have it")
    @GetMapping
    List<PackageView> list() {
        return versions.all().entrySet().stream().map(e -> new PackageView(e.getKey(), e.getValue())).toList();
    }

    /** The body streams to disk, never through a multipart or message converter (as image version bundles). */
    @Operation(summary = "Upload a package bundle: a tar (optionally gzipped) of a package version directory,"
            + " manifest.json and package.sqfs; verified before it is registered",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/x-tar", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "application/gzip", schema = @Schema(type = "string", format = "binary"))}))
    @PostMapping("/{name}/versions")
    ResponseEntity<UploadedPackage> upload(@PathVariable String name, HttpServletRequest request, Authentication caller)
            throws IOException {
        String type = request.getContentType() == null ? null : request.getContentType().split(";")[0].strip().toLowerCase();
        if (type != null && !TYPES.contains(type)) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A bundle is sent as the raw body with Content-Type "
                    + String.join(", ", TYPES) + "; not " + type + ".");
        }
        UploadedPackage uploaded = uploads.upload(name, request.getInputStream(), request.getContentLengthLong(),
                caller.getName());
        return ResponseEntity.created(URI.create("/api/v1/admin/packages/" + name + "/versions/" + uploaded.version()))
                .body(uploaded);
    }

    @Operation(summary = "Delete a package version: 409 while a pool lists it or a live session has it; its files then"
            + " go from the server and every host")
    @DeleteMapping("/{name}/versions/{version}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name, @PathVariable String version, Authentication caller) {
        versions.delete(caller.getName(), name, version);
    }
}
