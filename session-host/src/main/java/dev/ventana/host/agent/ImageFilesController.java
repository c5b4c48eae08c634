package dev.ventana.host.agent;

import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.ImageCatalog;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A verified image version's files, for other hosts that lack it (docs/session-host.md,
 * "Fetching versions"), and the removal of a version nobody uses. Files are streamed from disk
 * (Spring answers Range requests for a Resource); only names the manifest lists are served.
 */
@RestController
@RequestMapping("/api/v1/images/{image}/{id}")
class ImageFilesController {
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    private final ImageCatalog images;
    private final GuestEngine engine;

    ImageFilesController(ImageCatalog images, GuestEngine engine) {
        this.images = images;
        this.engine = engine;
    }

    @GetMapping("/manifest.json")
    ResponseEntity<Resource> manifest(@PathVariable String image, @PathVariable String id) {
        return serve(image, id, "manifest.json", MediaType.APPLICATION_JSON);
    }

    @GetMapping("/files/{name}")
    ResponseEntity<Resource> file(@PathVariable String image, @PathVariable String id, @PathVariable String name) {
        return serve(image, id, name, MediaType.APPLICATION_OCTET_STREAM);
    }

    @DeleteMapping
    ResponseEntity<Void> remove(@PathVariable String image, @PathVariable String id) {
        check(image, id);
        Set<String> inUse = engine.list().stream()
                .filter(g -> !g.state().isFinal() && g.image().equals(image))
                .map(GuestInfo::version).collect(Collectors.toSet());
        images.remove(image, id, inUse);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Resource> serve(String image, String id, String name, MediaType type) {
        check(image, id);
        Path file = images.file(image, id, name).orElseThrow(() -> new GuestException(
                GuestException.Reason.UNKNOWN_IMAGE, "image " + image + " version " + id + " has no file '" + name + "'"));
        return ResponseEntity.ok().contentType(type).body(new FileSystemResource(file));
    }

    private static void check(String image, String id) {
        if (!IMAGE.matcher(image).matches() || !ID.matcher(id).matches()) {
            throw new GuestException(GuestException.Reason.UNKNOWN_IMAGE, "no image version " + image + "/" + id);
        }
    }
}
