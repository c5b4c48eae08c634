package dev.ventana.server.packages;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.images.ServedVersion;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The package versions the server holds, for session hosts that lack one (farm token), at the
 * paths a host's agent API serves them, as images.FarmImageFiles serves image versions; only names
 * the manifest lists are served, and hosts check every byte against the hashes.
 */
@RestController
@RequestMapping("/api/v1/farm/packages/{name}/{id}")
class FarmPackageFiles {
    private final StoredPackages stored;
    private final JsonMapper json;

    FarmPackageFiles(StoredPackages stored, JsonMapper json) {
        this.stored = stored;
        this.json = json;
    }

    @Operation(summary = "The manifest of a package version the server holds (farm token)")
    @GetMapping("/manifest.json")
    ResponseEntity<Resource> manifest(@PathVariable String name, @PathVariable String id) {
        return served(name, id).manifest();
    }

    @Operation(summary = "One file of a package version the server holds, by a name its manifest lists (farm token)")
    @GetMapping("/files/{file}")
    ResponseEntity<Resource> file(@PathVariable String name, @PathVariable String id, @PathVariable String file) {
        return served(name, id).file(file);
    }

    private ServedVersion served(String name, String id) {
        return new ServedVersion(stored.directory(name, id).orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND,
                "The server holds no version " + id + " of package " + name + ".")),
                "Package " + name + " version " + id, json);
    }
}
