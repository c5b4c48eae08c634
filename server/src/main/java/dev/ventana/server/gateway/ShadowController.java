package dev.ventana.server.gateway;

import dev.ventana.server.broker.DesktopSession;
import dev.ventana.server.broker.SessionBroker;
import dev.ventana.server.broker.SessionState;
import dev.ventana.server.errors.ErrorKind;
import dev.ventana.server.errors.VentanaException;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * Shadowing for admins (ADMIN role, see SecurityConfiguration): a ticket to watch any running
 * session read-only. The viewer opens it as {@code /viewer/viewer.html?session=<id>&shadow=1}.
 */
@RestController
class ShadowController {
    private final Tickets tickets;
    private final SessionBroker broker;
    private final UserDirectory users;

    ShadowController(Tickets tickets, SessionBroker broker, UserDirectory users) {
        this.tickets = tickets;
        this.broker = broker;
        this.users = users;
    }

    @Operation(summary = "A single-use, 30-second shadow ticket for the display WebSocket: watch a running session "
            + "read-only (the user's viewer shows that an administrator is watching; the shadow's input is dropped)")
    @PostMapping("/api/v1/admin/sessions/{id}/shadow")
    TicketController.TicketResponse shadow(@PathVariable UUID id, Authentication caller) {
        UserAccount admin = users.signedIn(caller.getName());
        if (!admin.isAdmin()) { // the security chain's ADMIN rule on /api/v1/admin/** says so too
            throw new VentanaException(ErrorKind.FORBIDDEN, "Only an administrator can watch a session.");
        }
        DesktopSession session = broker.find(id)
                .orElseThrow(() -> new VentanaException(ErrorKind.NOT_FOUND, "No session " + id + "."));
        if (session.state() != SessionState.RUNNING) {
            throw new VentanaException(ErrorKind.CONFLICT, "Session " + id + " is " + session.state()
                    + "; only a running session can be watched.");
        }
        Tickets.Issued issued = tickets.issueShadow(session.id(), admin.id());
        return new TicketController.TicketResponse(issued.ticket(), issued.expiresAt());
    }
}
