package dev.ventana.server.hosts;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Where session hosts report; FarmSecurity lets only the farm token in. */
@RestController
class FarmController {
    private final HostHeartbeats heartbeats;

    FarmController(HostHeartbeats heartbeats) {
        this.heartbeats = heartbeats;
    }

    @Operation(summary = "A session host's heartbeat (farm token): registers it on the first, answers the guests to end")
    @PostMapping("/api/v1/farm/heartbeat")
    HeartbeatReply heartbeat(@RequestBody Heartbeat beat) {
        return heartbeats.receive(beat);
    }
}
