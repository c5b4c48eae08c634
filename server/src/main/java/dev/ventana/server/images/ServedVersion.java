package dev.ventana.server.images;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stored version's directory as the farm serves it to session hosts: its manifest, and a file
 * only by a name the manifest lists (no dot files, no paths), so nothing else in the directory
 * leaks. Serves image versions (FarmImageFiles) and package versions alike.
 *
 * @param what names the version in errors: "Image office version 17e2cf266913e238"
 */
public record ServedVersion(Path directory, String what, JsonMapper json) {
    public ResponseEntity<Resource> manifest() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(new FileSystemResource(directory.resolve("manifest.json")));
    }

    public ResponseEntity<Resource> file(String name) {
        try {
            if (name.startsWith(".") || name.contains("/")
                    || !json.readTree(Files.readAllBytes(directory.resolve("manifest.json"))).path("files").has(name)) {
                throw new VentanaException(ErrorKind.NOT_FOUND, what + " has no file '" + name + "'.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new FileSystemResource(directory.resolve(name)));
    }
}
