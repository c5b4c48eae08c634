package dev.ventana.server.hosts;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Where session hosts report; FarmSecurity lets only the farm token in. */
@RestController
class FarmController {
    private final HostHeartbeats heartbeats;
    private final FarmAddress address;

    FarmController(HostHeartbeats heartbeats, FarmAddress address) {
        this.heartbeats = heartbeats;
        this.address = address;
    }

    @Operation(summary = "A session host's heartbeat (farm token): registers it on the first, answers the guests to end")
    @PostMapping("/api/v1/farm/heartbeat")
    HeartbeatReply heartbeat(@RequestBody Heartbeat beat, HttpServletRequest request) {
        address.heardAt(ServletUriComponentsBuilder.fromContextPath(request).path("/api/v1/farm").build().toUri());
        return heartbeats.receive(beat);
    }
}
