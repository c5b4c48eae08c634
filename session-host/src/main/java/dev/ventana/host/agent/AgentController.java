package dev.ventana.host.agent;

import dev.ventana.host.guest.DataDiskAccess;
import dev.ventana.host.guest.GuestEngine;
import dev.ventana.host.guest.GuestException;
import dev.ventana.host.guest.GuestInfo;
import dev.ventana.host.guest.GuestNetwork;
import dev.ventana.host.guest.GuestPackage;
import dev.ventana.host.guest.GuestSpec;
import dev.ventana.host.guest.ImageCatalog;
import dev.ventana.host.guest.ImageVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The agent API the server calls: start, stop, list and inspect guests; list image versions. */
@RestController
@RequestMapping("/api/v1")
class AgentController {
    private final GuestEngine engine;
    private final ImageCatalog images;

    AgentController(GuestEngine engine, ImageCatalog images) {
        this.engine = engine;
        this.images = images;
    }

    @PostMapping("/guests")
    ResponseEntity<GuestInfo> start(@RequestBody StartGuestRequest request) {
        GuestSpec spec = new GuestSpec(request.user(), request.image(), request.version(),
                Objects.requireNonNullElse(request.memoryMiB(), 512), Objects.requireNonNullElse(request.vcpus(), 1),
                request.application(), GuestNetwork.parse(request.network()), DataDiskAccess.parse(request.dataDisk()),
                sources(request.sources()), Boolean.TRUE.equals(request.instantOn()),
                Boolean.TRUE.equals(request.pageSharing()), packages(request.packages()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(engine.start(spec));
    }

    private static List<GuestPackage> packages(List<StartGuestRequest.Package> packages) {
        if (packages == null) {
            return List.of();
        }
        return packages.stream().map(p -> {
            if (p == null) {
                throw new GuestException(GuestException.Reason.INVALID, "packages must be {\"name\", \"version\"} objects");
            }
            return new GuestPackage(p.name(), p.version(), null);
        }).toList();
    }

    static List<URI> sources(List<String> sources) {
        if (sources == null) {
            return List.of();
        }
        return sources.stream().map(s -> {
            try {
                return new URI(Objects.requireNonNull(s, "null"));
            } catch (URISyntaxException | NullPointerException e) {
                throw new GuestException(GuestException.Reason.INVALID, "sources must be base URLs, not '" + s + "'");
            }
        }).toList();
    }

    @GetMapping("/guests")
    List<GuestInfo> list() {
        return engine.list();
    }

    @GetMapping("/guests/{id}")
    GuestInfo inspect(@PathVariable String id) {
        return engine.find(id).orElseThrow(
                () -> new GuestException(GuestException.Reason.UNKNOWN_GUEST, "no guest " + id + " on this host"));
    }

    @DeleteMapping("/guests/{id}")
    ResponseEntity<GuestInfo> stop(@PathVariable String id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(engine.stop(id));
    }

    @GetMapping("/images")
    List<ImageVersion> images() {
        return images.list();
    }
}
