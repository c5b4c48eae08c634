package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Uploading image version bundles; ADMIN only (under /api/v1/admin). */
@RestController
@RequestMapping("/api/v1/admin/images")
class VersionUploadController {
    private static final List<String> TYPES = List.of("application/x-tar", "application/gzip", "application/x-gzip",
            "application/octet-stream");
    private final VersionUploads uploads;

    VersionUploadController(VersionUploads uploads) {
        this.uploads = uploads;
    }

    /**
     * The body is read straight from the request, never through a multipart or message converter,
     * so that a bundle of gigabytes streams to disk without being held anywhere.
     */
    @Operation(summary = "Upload a version bundle: a tar (optionally gzipped) of a version directory, manifest.json"
            + " and its files; verified before it is registered",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/x-tar", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "application/gzip", schema = @Schema(type = "string", format = "binary"))}))
    @PostMapping("/{image}/versions")
    ResponseEntity<UploadedVersion> upload(@PathVariable String image, HttpServletRequest request,
                                           Authentication caller) throws IOException {
        // Checked here rather than with consumes=, whose refusal never reaches the error vocabulary.
        String type = request.getContentType() == null ? null : request.getContentType().split(";")[0].strip().toLowerCase();
        if (type != null && !TYPES.contains(type)) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "A bundle is sent as the raw body with Content-Type "
                    + String.join(", ", TYPES) + "; not " + type + ".");
        }
        UploadedVersion version = uploads.upload(image, request.getInputStream(), request.getContentLengthLong(),
                caller.getName());
        return ResponseEntity.created(URI.create("/api/v1/admin/images/" + image + "/versions/" + version.version()))
                .body(version);
    }

    @Operation(summary = "The uploads being received right now, with the bytes received so far")
    @GetMapping("/uploads")
    List<UploadInProgress> inProgress() {
        return uploads.inProgress();
    }
}
