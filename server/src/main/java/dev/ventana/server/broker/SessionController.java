package dev.ventana.server.broker;

import dev.ventana.server.hosts.GuestRequest.PackageRef;
import dev.ventana.server.identity.UserAccount;
import dev.ventana.server.identity.UserDirectory;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The user's desktops and sessions, for scripts; the portal uses the same broker. */
@RestController
@RequestMapping("/api/v1")
class SessionController {
    private final SessionBroker broker;
    private final UserDirectory users;

    SessionController(SessionBroker broker, UserDirectory users) {
        this.broker = broker;
        this.users = users;
    }

    /**
     * {@code maintenanceOf}: the image a maintenance guest's session changes; {@code packagingOf}:
     * the package a packaging guest's session makes; neither has a pool. {@code packages}: the
     * application packages the session got when it was placed.
     */
    record SessionView(UUID id, String pool, String imageVersion, String state, String failureReason, Instant createdAt,
                       Instant startedAt, DataDisk dataDisk, String maintenanceOf, String packagingOf,
                       List<PackageRef> packages) {
    }

    record DesktopView(String pool, String displayName, PoolKind kind, String icon, boolean available,
                       SessionView session) {
    }

    @Operation(summary = "The desktops and applications you may launch (desktops first, each kind by name), with"
            + " your live session in each")
    @GetMapping("/desktops")
    List<DesktopView> desktops(Authentication caller) {
        return broker.desktopsOf(user(caller)).stream()
                .map(d -> new DesktopView(d.pool().name(), d.pool().displayName(), d.pool().kind(), d.pool().icon(),
                        d.pool().published(), d.session().map(SessionController::view).orElse(null)))
                .toList();
    }

    @Operation(summary = "Launch a desktop or application, or find your live session in it; 403 for one you may not"
            + " launch")
    @PostMapping("/desktops/{pool}/sessions")
    SessionView launch(@PathVariable String pool, Authentication caller) {
        return view(broker.launch(user(caller), pool));
    }

    @Operation(summary = "One of your sessions")
    @GetMapping("/sessions/{id}")
    SessionView session(@PathVariable UUID id, Authentication caller) {
        UserAccount user = user(caller);
        return view(broker.ownSession(user, id));
    }

    @Operation(summary = "Log a session off: its machine shuts down; your data disk stays")
    @DeleteMapping("/sessions/{id}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void end(@PathVariable UUID id, Authentication caller) {
        broker.endSession(user(caller), id);
    }

    private UserAccount user(Authentication caller) {
        return users.signedIn(caller.getName());
    }

    private static SessionView view(DesktopSession s) {
        return new SessionView(s.id(), s.pool(), s.imageVersion(), s.state().name(), s.failureReason(), s.createdAt(),
                s.startedAt(), s.dataDisk(), s.maintenanceOf(), s.packagingOf(), s.packages());
    }
}
