package dev.ventana.host.agent;

import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestPackage;
import dev.ventana.host.guest.PackageCatalog;
import dev.ventana.host.guest.PackageVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
 * The application packages this host holds (docs/session-host.md, "Application packages"): the
 * list, a verified version's files for other hosts that lack it (streamed, with Range, as image
 * versions' are), and the removal of a version no guest here has.
 */
@RestController
@RequestMapping("/api/v1/packages")
class PackageFilesController {
    private final PackageCatalog packages;
    private final GuestEngine engine;

    PackageFilesController(PackageCatalog packages, GuestEngine engine) {
        this.packages = packages;
        this.engine = engine;
    }

    @GetMapping
    List<PackageVersion> list() {
        return packages.list();
    }

    @GetMapping("/{name}/{id}/manifest.json")
    ResponseEntity<Resource> manifest(@PathVariable String name, @PathVariable String id) {
        return serve(name, id, "manifest.json", MediaType.APPLICATION_JSON);
    }

    @GetMapping("/{name}/{id}/files/{file}")
    ResponseEntity<Resource> file(@PathVariable String name, @PathVariable String id, @PathVariable String file) {
        return serve(name, id, file, MediaType.APPLICATION_OCTET_STREAM);
    }

    @DeleteMapping("/{name}/{id}")
    ResponseEntity<Void> remove(@PathVariable String name, @PathVariable String id) {
        Set<String> inUse = engine.list().stream().filter(g -> !g.state().isFinal())
                .flatMap(g -> g.packages().stream()).filter(p -> p.name().equals(name))
                .map(GuestPackage::version).collect(Collectors.toSet());
        packages.remove(name, id, inUse);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Resource> serve(String name, String id, String file, MediaType type) {
        Path path = packages.file(name, id, file).orElseThrow(() -> new GuestException(
                GuestException.Reason.UNKNOWN_IMAGE, "package " + name + " version " + id + " has no file '" + file + "'"));
        return ResponseEntity.ok().contentType(type).body(new FileSystemResource(path));
    }
}
