package dev.ventana.server.broker;

import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Every session of the farm, for admins (ADMIN role, see SecurityConfiguration). */
@RestController
@RequestMapping("/api/v1/admin/sessions")
class SessionAdminController {
    static final int MAX_SIZE = 500;
    private final SessionSearch search;
    private final SessionMessages messages;

    SessionAdminController(SessionSearch search, SessionMessages messages) {
        this.search = search;
        this.messages = messages;
    }

    record Message(String text) {
    }

    @Operation(summary = "Show the session's user a message in their viewer (within about a second when connected,"
            + " or when they next connect); it replaces the previous message")
    @PostMapping("/{id}/message")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void message(@PathVariable UUID id, @RequestBody Message message, Authentication caller) {
        messages.send(caller.getName(), id, message == null ? null : message.text());
    }

    @Operation(summary = "Every session of the farm, newest first, filtered by user, pool, host and state "
            + "(a state name, or 'live' for any state that is not final), in pages of up to 500")
    @GetMapping
    SessionSearch.Page list(@RequestParam(required = false) String user, @RequestParam(required = false) String pool,
                            @RequestParam(required = false) String host, @RequestParam(required = false) String state,
                            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "page counts from 0.");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "size must be between 1 and " + MAX_SIZE + ".");
        }
        return search.search(new SessionSearch.Filter(blankToNull(user), blankToNull(pool), blankToNull(host),
                states(blankToNull(state))), page, size);
    }

    private static List<SessionState> states(String state) {
        if (state == null) {
            return null;
        }
        if (state.equalsIgnoreCase("live")) {
            return SessionState.liveStates();
        }
        try {
            return List.of(SessionState.valueOf(state.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "state must be 'live' or one of "
                    + Arrays.toString(SessionState.values()) + ".");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
