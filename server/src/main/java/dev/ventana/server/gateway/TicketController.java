package dev.ventana.server.gateway;

import dev.ventana.server.broker.DesktopSession;
import dev.ventana.server.broker.SessionBroker;
import dev.ventana.server.broker.SessionStarts;
import dev.ventana.server.broker.SessionState;
import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.UUID;

@RestController
class TicketController {
    static final int MAX_WAIT_SECONDS = 25;
    private final Tickets tickets;
    private final SessionBroker broker;
    private final UserDirectory users;
    private final SessionStarts starts;

    TicketController(Tickets tickets, SessionBroker broker, UserDirectory users, SessionStarts starts) {
        this.starts = starts;
        this.tickets = tickets;
        this.broker = broker;
        this.users = users;
    }

    record TicketResponse(String ticket, Instant expiresAt) {
    }

    @Operation(summary = "A single-use, 30-second ticket for the display WebSocket of one of your sessions; "
            + "202 with the state while the desktop is still starting. With wait=N (1-" + MAX_WAIT_SECONDS + ") a"
            + " starting desktop is waited for up to N seconds, and the answer comes the moment it runs")
    @PostMapping("/api/v1/sessions/{id}/tickets")
    CompletableFuture<ResponseEntity<?>> issue(@PathVariable UUID id, @RequestParam(defaultValue = "0") int wait,
                                               Authentication caller) {
        if (wait < 0 || wait > MAX_WAIT_SECONDS) {
            throw new VentanaException(ErrorKind.BAD_REQUEST, "wait must be between 0 and " + MAX_WAIT_SECONDS
                    + " seconds.");
        }
        UserAccount user = users.signedIn(caller.getName());
        DesktopSession session = broker.ownSession(user, id);
        if (wait == 0 || !(session.state() == SessionState.PLACING || session.state() == SessionState.STARTING)) {
            return CompletableFuture.completedFuture(answer(user, session));
        }
        return starts.leftStarting(id, Duration.ofSeconds(wait))
                .thenApply(done -> answer(user, broker.ownSession(user, id)));
    }

    private ResponseEntity<?> answer(UserAccount user, DesktopSession session) {
        return switch (session.state()) {
            case RUNNING -> {
                Tickets.Issued issued = tickets.issue(session.id(), user.id());
                yield ResponseEntity.ok(new TicketResponse(issued.ticket(), issued.expiresAt()));
            }
            case PLACING -> ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(Map.of("state", "PLACING", "detail", "Finding a host for your desktop…"));
            case STARTING -> ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(Map.of("state", "STARTING", "detail", "Starting the machine…"));
            case STOPPING, STOPPED -> throw new VentanaException(ErrorKind.CONFLICT,
                    "This session has ended. Open the desktop again from the portal to start a new one.");
            // Final, like LOST: a retryable kind would keep the viewer asking for a machine that is gone.
            case FAILED -> throw new VentanaException(ErrorKind.CONFLICT, session.failureReason()
                    + " Open the desktop again from the portal to start a new one; your files are kept.");
            case LOST -> throw new VentanaException(ErrorKind.CONFLICT, session.failureReason()
                    + " Open the desktop again from the portal to start a new one; your files are kept.");
        };
    }
}
