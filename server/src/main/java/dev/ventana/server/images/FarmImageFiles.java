package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versions the server holds, for session hosts that lack one (farm token: FarmSecurity covers
 * /api/v1/farm/**). The same paths as a host's agent API, so either is a source; files stream from
 * disk, and only names the manifest lists are served. Hosts check every byte against the hashes.
 */
@RestController
@RequestMapping("/api/v1/farm/images/{image}/{id}")
class FarmImageFiles {
    private final StoredVersions stored;
    private final JsonMapper json;

    FarmImageFiles(StoredVersions stored, JsonMapper json) {
        this.stored = stored;
        this.json = json;
    }

    @Operation(summary = "The manifest of an image version the server holds (farm token)")
    @GetMapping("/manifest.json")
    ResponseEntity<Resource> manifest(@PathVariable String image, @PathVariable String id) {
        return served(image, id).manifest();
    }

    @Operation(summary = "One file of an image version the server holds, by a name its manifest lists (farm token)")
    @GetMapping("/files/{name}")
    ResponseEntity<Resource> file(@PathVariable String image, @PathVariable String id, @PathVariable String name) {
        return served(image, id).file(name);
    }

    private ServedVersion served(String image, String id) {
        return new ServedVersion(stored.directory(image, id).orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND,
                "The server holds no version " + id + " of image " + image + ".")),
                "Image " + image + " version " + id, json);
    }
}
