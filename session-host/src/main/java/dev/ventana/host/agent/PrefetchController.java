package dev.ventana.host.agent;

import dev.ventana.host.guest.Prefetch;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server's "have this before anyone needs it" (docs/session-host.md, "Prefetch"): 200 when
 * the version is here already, 202 when its fetch is queued or under way.
 */
@RestController
@RequestMapping("/api/v1")
class PrefetchController {
    private final Prefetch prefetch;

    PrefetchController(Prefetch prefetch) {
        this.prefetch = prefetch;
    }

    /** {@code sources}: base URLs to fetch from, as in a start request. */
    record PrefetchRequest(List<String> sources) {
    }

    record PrefetchAnswer(String outcome) {
    }

    @PostMapping("/images/{image}/{id}/prefetch")
    ResponseEntity<PrefetchAnswer> imageVersion(@PathVariable String image, @PathVariable String id,
                                                @RequestBody PrefetchRequest request) {
        return answer(prefetch.request(Prefetch.Kind.IMAGE, image, id, AgentController.sources(request.sources())));
    }

    @PostMapping("/packages/{name}/{id}/prefetch")
    ResponseEntity<PrefetchAnswer> packageVersion(@PathVariable String name, @PathVariable String id,
                                                  @RequestBody PrefetchRequest request) {
        return answer(prefetch.request(Prefetch.Kind.PACKAGE, name, id, AgentController.sources(request.sources())));
    }

    private static ResponseEntity<PrefetchAnswer> answer(Prefetch.Outcome outcome) {
        return ResponseEntity.status(outcome == Prefetch.Outcome.PRESENT ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(new PrefetchAnswer(outcome.name()));
    }
}
