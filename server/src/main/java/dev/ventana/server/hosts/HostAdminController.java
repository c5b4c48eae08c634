package dev.ventana.server.hosts;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** The farm for admins (ADMIN role, see SecurityConfiguration): its hosts, and draining them. */
@RestController
@RequestMapping("/api/v1/admin/hosts")
class HostAdminController {
    private final HostAdmin hosts;

    HostAdminController(HostAdmin hosts) {
        this.hosts = hosts;
    }

    /**
     * state is UP, FENCING, DOWN or DRAINING (an up host taking no new sessions); launches null for a
     * host that does not count them.
     */
    record HostView(String name, String url, String state, boolean draining, int cpus, long memoryTotalMib,
                    long capacityMib, long memoryFreeMib, double load, int guestCount, JsonNode guests,
                    Instant lastHeartbeatAt, Heartbeat.Launches launches) {
    }

    @Operation(summary = "The session hosts of the farm: state, capacity, load, guests, last heartbeat")
    @GetMapping
    List<HostView> list() {
        return hosts.all().stream().map(HostAdminController::view).toList();
    }

    @Operation(summary = "Drain a host: it takes no new sessions; the running ones go on")
    @PostMapping("/{name}/drain")
    @ResponseStatus(HttpStatus.OK)
    HostView drain(@PathVariable String name, Authentication caller) {
        return view(hosts.setDraining(caller.getName(), name, true));
    }

    @Operation(summary = "Undrain a host: it takes new sessions again")
    @PostMapping("/{name}/undrain")
    @ResponseStatus(HttpStatus.OK)
    HostView undrain(@PathVariable String name, Authentication caller) {
        return view(hosts.setDraining(caller.getName(), name, false));
    }

    private static HostView view(HostAdmin.HostStatus status) {
        Host h = status.host();
        return new HostView(h.name(), h.agentUrl().toString(), h.shownState(), h.draining(), h.cpuCores(), h.memoryMib(),
                h.capacityMib(), h.memoryFreeMib(), h.load(), status.guestCount(), status.guests(), h.lastHeartbeatAt(),
                h.launches());
    }
}
