package dev.ventana.server.audit;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The audit trail, for admins (ADMIN role, see SecurityConfiguration). */
@RestController
class AuditController {
    static final int MAX_SIZE = 500;
    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @Operation(summary = "The audit trail, newest first, in pages of up to 500: from (inclusive) and to (exclusive)"
            + " are ISO-8601 instants; action matches itself and the actions under it ('session' matches"
            + " session.ended); actor and target match exactly")
    @GetMapping("/api/v1/admin/audit")
    AuditPage search(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                     @RequestParam(required = false) String target,
                     @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || page > 1_000_000) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "page counts from 0.");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "size must be between 1 and " + MAX_SIZE + ".");
        }
        return trail.search(new AuditFilter(instant("from", from), instant("to", to), blankToNull(actor),
                blankToNull(action), blankToNull(target)), page, size);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, name + " must be an ISO-8601 instant such as"
                    + " 2026-11-29T08:00:00Z, not '" + value + "'.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
